-- datatable(name:string, n:long)["a", 1, "b", 2] | where n > 1
-- columns: name:string, n:long
-- params: ["a",1,"b",2]
WITH q1 AS (SELECT {p1:String} AS c1, {p2:Int64} AS c2 UNION ALL SELECT {p3:String} AS c1, {p4:Int64} AS c2),
q2 AS (SELECT c1, c2 FROM q1 WHERE (c2 > {p2:Int64}))
SELECT c1 AS "name", toInt64(c2) AS "n" FROM q2
