-- print a = datetime(2024-01-02 03:04:05.5), b = 1d + 2h + 3m + 4s + 5ms, c = timespan(1.02:03:04), d = -90s
-- columns: a:datetime, b:timespan, c:timespan, d:timespan
-- params: [1704164645500000,86400000000,7200000000,180000000,4000000,5000,93784000000,90000000]
WITH q1 AS (SELECT make_timestamp(CAST($1 AS BIGINT)) AS c1, ((((CAST($2 AS BIGINT) + CAST($3 AS BIGINT)) + CAST($4 AS BIGINT)) + CAST($5 AS BIGINT)) + CAST($6 AS BIGINT)) AS c2, CAST($7 AS BIGINT) AS c3, (-CAST($8 AS BIGINT)) AS c4)
SELECT (regexp_replace(strftime(c1, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z') AS "a", CASE WHEN c2 IS NULL THEN NULL ELSE (CASE WHEN c2 < 0 THEN '-' ELSE '' END)
        || (CASE WHEN abs(c2) >= 86400000000 THEN CAST(abs(c2) // 86400000000 AS VARCHAR) || '.' ELSE '' END)
        || printf('%02d:%02d:%02d', (abs(c2) // 3600000000) % 24, (abs(c2) // 60000000) % 60, (abs(c2) // 1000000) % 60)
        || (CASE WHEN abs(c2) % 1000000 <> 0 THEN printf('.%07d', (abs(c2) % 1000000) * 10) ELSE '' END) END AS "b", CASE WHEN c3 IS NULL THEN NULL ELSE (CASE WHEN c3 < 0 THEN '-' ELSE '' END)
        || (CASE WHEN abs(c3) >= 86400000000 THEN CAST(abs(c3) // 86400000000 AS VARCHAR) || '.' ELSE '' END)
        || printf('%02d:%02d:%02d', (abs(c3) // 3600000000) % 24, (abs(c3) // 60000000) % 60, (abs(c3) // 1000000) % 60)
        || (CASE WHEN abs(c3) % 1000000 <> 0 THEN printf('.%07d', (abs(c3) % 1000000) * 10) ELSE '' END) END AS "c", CASE WHEN c4 IS NULL THEN NULL ELSE (CASE WHEN c4 < 0 THEN '-' ELSE '' END)
        || (CASE WHEN abs(c4) >= 86400000000 THEN CAST(abs(c4) // 86400000000 AS VARCHAR) || '.' ELSE '' END)
        || printf('%02d:%02d:%02d', (abs(c4) // 3600000000) % 24, (abs(c4) // 60000000) % 60, (abs(c4) // 1000000) % 60)
        || (CASE WHEN abs(c4) % 1000000 <> 0 THEN printf('.%07d', (abs(c4) % 1000000) * 10) ELSE '' END) END AS "d" FROM q1
