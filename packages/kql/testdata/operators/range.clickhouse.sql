-- range x from 1 to 10 step 3
-- columns: x:long
-- params: [10,1,3]
WITH q1 AS (SELECT arrayJoin(range(toUInt64(greatest(ifNull((floor((toFloat64(({p1:Int64} - {p2:Int64})) / {p3:Int64}) / {p2:Int64}) * {p2:Int64}), -1) + 1, 0)))) AS c1),
q2 AS (SELECT ({p2:Int64} + (c1 * {p3:Int64})) AS c2, c1 FROM q1)
SELECT toInt64(c2) AS "x" FROM q2 ORDER BY c1
