-- print a = ago(1h), b = now(), c = now(-1d)
-- columns: a:datetime, b:datetime, c:datetime
-- params: [1714564800000000,3600000000,86400000000]
WITH q1 AS (SELECT fromUnixTimestamp64Micro(toInt64(toUnixTimestamp64Micro(fromUnixTimestamp64Micro(toInt64({p1:Int64}), 'UTC')) - {p2:Int64}), 'UTC') AS c1, fromUnixTimestamp64Micro(toInt64({p1:Int64}), 'UTC') AS c2, fromUnixTimestamp64Micro(toInt64(toUnixTimestamp64Micro(fromUnixTimestamp64Micro(toInt64({p1:Int64}), 'UTC')) + (-{p3:Int64})), 'UTC') AS c3)
SELECT concat(replaceRegexpOne(formatDateTime(c1, '%Y-%m-%dT%H:%i:%S.%f', 'UTC'), '\\.?0+$', ''), 'Z') AS "a", concat(replaceRegexpOne(formatDateTime(c2, '%Y-%m-%dT%H:%i:%S.%f', 'UTC'), '\\.?0+$', ''), 'Z') AS "b", concat(replaceRegexpOne(formatDateTime(c3, '%Y-%m-%dT%H:%i:%S.%f', 'UTC'), '\\.?0+$', ''), 'Z') AS "c" FROM q1
