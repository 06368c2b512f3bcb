-- datatable(name:string, n:long)["a", 1, "b", 2] | where n > 1
-- columns: name:string, n:long
-- params: ["a",1,"b",2]
WITH q1 AS (SELECT CAST($1 AS VARCHAR) AS c1, CAST($2 AS BIGINT) AS c2 UNION ALL SELECT CAST($3 AS VARCHAR) AS c1, CAST($4 AS BIGINT) AS c2),
q2 AS (SELECT c1, c2 FROM q1 WHERE (c2 > CAST($2 AS BIGINT)))
SELECT c1 AS "name", CAST(c2 AS BIGINT) AS "n" FROM q2
