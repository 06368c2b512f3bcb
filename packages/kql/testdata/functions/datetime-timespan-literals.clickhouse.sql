-- print a = datetime(2024-01-02 03:04:05.5), b = 1d + 2h + 3m + 4s + 5ms, c = timespan(1.02:03:04), d = -90s
-- columns: a:datetime, b:timespan, c:timespan, d:timespan
-- params: [1704164645500000,86400000000,7200000000,180000000,4000000,5000,93784000000,90000000]
WITH q1 AS (SELECT fromUnixTimestamp64Micro(toInt64({p1:Int64}), 'UTC') AS c1, (((({p2:Int64} + {p3:Int64}) + {p4:Int64}) + {p5:Int64}) + {p6:Int64}) AS c2, {p7:Int64} AS c3, (-{p8:Int64}) AS c4)
SELECT concat(replaceRegexpOne(formatDateTime(c1, '%Y-%m-%dT%H:%i:%S.%f', 'UTC'), '\\.?0+$', ''), 'Z') AS "a", if(c2 IS NULL, NULL, concat(if(c2 < 0, '-', ''), if(abs(c2) >= 86400000000, concat(toString(intDiv(abs(c2), 86400000000)), '.'), ''),
        leftPad(toString(intDiv(abs(c2), 3600000000) % 24), 2, '0'), ':', leftPad(toString(intDiv(abs(c2), 60000000) % 60), 2, '0'), ':',
        leftPad(toString(intDiv(abs(c2), 1000000) % 60), 2, '0'), if(abs(c2) % 1000000 != 0, concat('.', leftPad(toString((abs(c2) % 1000000) * 10), 7, '0')), ''))) AS "b", if(c3 IS NULL, NULL, concat(if(c3 < 0, '-', ''), if(abs(c3) >= 86400000000, concat(toString(intDiv(abs(c3), 86400000000)), '.'), ''),
        leftPad(toString(intDiv(abs(c3), 3600000000) % 24), 2, '0'), ':', leftPad(toString(intDiv(abs(c3), 60000000) % 60), 2, '0'), ':',
        leftPad(toString(intDiv(abs(c3), 1000000) % 60), 2, '0'), if(abs(c3) % 1000000 != 0, concat('.', leftPad(toString((abs(c3) % 1000000) * 10), 7, '0')), ''))) AS "c", if(c4 IS NULL, NULL, concat(if(c4 < 0, '-', ''), if(abs(c4) >= 86400000000, concat(toString(intDiv(abs(c4), 86400000000)), '.'), ''),
        leftPad(toString(intDiv(abs(c4), 3600000000) % 24), 2, '0'), ':', leftPad(toString(intDiv(abs(c4), 60000000) % 60), 2, '0'), ':',
        leftPad(toString(intDiv(abs(c4), 1000000) % 60), 2, '0'), if(abs(c4) % 1000000 != 0, concat('.', leftPad(toString((abs(c4) % 1000000) * 10), 7, '0')), ''))) AS "d" FROM q1
