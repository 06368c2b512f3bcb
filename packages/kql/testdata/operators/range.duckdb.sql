-- range x from 1 to 10 step 3
-- columns: x:long
-- params: [10,1,3]
WITH q1 AS (SELECT unnest(generate_series(0, CAST((floor((CAST((CAST($1 AS BIGINT) - CAST($2 AS BIGINT)) AS DOUBLE) / CAST($3 AS BIGINT)) / CAST($2 AS BIGINT)) * CAST($2 AS BIGINT)) AS BIGINT))) AS c1),
q2 AS (SELECT (CAST($2 AS BIGINT) + (c1 * CAST($3 AS BIGINT))) AS c2, c1 FROM q1)
SELECT CAST(c2 AS BIGINT) AS "x" FROM q2 ORDER BY c1
