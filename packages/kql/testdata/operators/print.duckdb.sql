-- print x = 1, y = "a"
-- columns: x:long, y:string
-- params: [1,"a"]
WITH q1 AS (SELECT CAST($1 AS BIGINT) AS c1, CAST($2 AS VARCHAR) AS c2)
SELECT CAST(c1 AS BIGINT) AS "x", c2 AS "y" FROM q1
