-- print x = 1, y = "a"
-- columns: x:long, y:string
-- params: [1,"a"]
WITH q1 AS (SELECT {p1:Int64} AS c1, {p2:String} AS c2)
SELECT toInt64(c1) AS "x", c2 AS "y" FROM q1
