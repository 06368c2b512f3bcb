-- print a = ago(1h), b = now(), c = now(-1d)
-- columns: a:datetime, b:datetime, c:datetime
-- params: [1714564800000000,3600000000,86400000000]
WITH q1 AS (SELECT (make_timestamp(CAST($1 AS BIGINT)) - to_microseconds(CAST(CAST($2 AS BIGINT) AS BIGINT))) AS c1, make_timestamp(CAST($1 AS BIGINT)) AS c2, (make_timestamp(CAST($1 AS BIGINT)) + to_microseconds(CAST((-CAST($3 AS BIGINT)) AS BIGINT))) AS c3)
SELECT (regexp_replace(strftime(c1, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z') AS "a", (regexp_replace(strftime(c2, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z') AS "b", (regexp_replace(strftime(c3, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z') AS "c" FROM q1
