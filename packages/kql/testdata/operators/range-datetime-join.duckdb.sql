-- let hours = range Hour from datetime(2024-05-01 09:00) to datetime(2024-05-01 12:00) step 1h;
hours
| join kind=leftouter (VMConnection | summarize Connections = count() by Hour = bin(TimeGenerated, 1h)) on Hour
| project Hour, Connections
-- columns: Hour:datetime, Connections:long
-- params: [1714564800000000,1714554000000000,3600000000,1,"workspace-1"]
WITH q1 AS (SELECT unnest(generate_series(0, CAST((floor((CAST((epoch_us(make_timestamp(CAST($1 AS BIGINT))) - epoch_us(make_timestamp(CAST($2 AS BIGINT)))) AS DOUBLE) / CAST($3 AS BIGINT)) / CAST($4 AS BIGINT)) * CAST($4 AS BIGINT)) AS BIGINT))) AS c1),
q2 AS (SELECT (make_timestamp(CAST($2 AS BIGINT)) + to_microseconds(CAST((c1 * CAST($3 AS BIGINT)) AS BIGINT))) AS c2, c1 FROM q1),
q3 AS (SELECT "TimeGenerated" AS c3, "Computer" AS c4, "AgentId" AS c5, "Machine" AS c6, "Process" AS c7, "ProcessName" AS c8, "Direction" AS c9, "SourceIp" AS c10, "DestinationIp" AS c11, "DestinationPort" AS c12, "Protocol" AS c13, "ConnectionId" AS c14, "LinksEstablished" AS c15, "LinksTerminated" AS c16, "LinksFailed" AS c17, "LinksLive" AS c18, "BytesSent" AS c19, "BytesReceived" AS c20, "Responses" AS c21, "ResponseTimeMax" AS c22, "ResponseTimeMin" AS c23, "ResponseTimeSum" AS c24, "RemoteIp" AS c25, "RemoteDnsCanonicalNames" AS c26, "RemoteDnsQuestions" AS c27, "RemoteClassification" AS c28, "RemoteCountry" AS c29, "RemoteLatitude" AS c30, "RemoteLongitude" AS c31, "MaliciousIp" AS c32, "IndicatorThreatType" AS c33, "Description" AS c34, "TLPLevel" AS c35, "Confidence" AS c36, "Severity" AS c37, "FirstReportedDateTime" AS c38, "LastReportedDateTime" AS c39, "IsActive" AS c40, "SourceSystem" AS c41, "Type" AS c42, "_ResourceId" AS c43, "_SubscriptionId" AS c44, "_BilledSize" AS c45, "_IsBillable" AS c46, "IsSelfLink" AS c47, "FailedRefused" AS c48, "FailedTimedOut" AS c49 FROM "VMConnection" WHERE "WorkspaceId" = CAST($5 AS VARCHAR)),
q4 AS (SELECT make_timestamp(CAST(floor(epoch_us(c3) / CAST($3 AS BIGINT)) * CAST($3 AS BIGINT) AS BIGINT)) AS c50, count(*) AS c51 FROM q3 GROUP BY make_timestamp(CAST(floor(epoch_us(c3) / CAST($3 AS BIGINT)) * CAST($3 AS BIGINT) AS BIGINT))),
q5 AS (SELECT l.c2 AS c2, r.c50 AS c50, r.c51 AS c51 FROM q2 AS l LEFT JOIN q4 AS r ON l.c2 = r.c50),
q6 AS (SELECT c2 AS c2, c51 AS c51 FROM q5)
SELECT (regexp_replace(strftime(c2, '%Y-%m-%dT%H:%M:%S.%f'), '\.?0+$', '') || 'Z') AS "Hour", CAST(c51 AS BIGINT) AS "Connections" FROM q6
