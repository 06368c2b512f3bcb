-- ServiceMapProcess_CL | where ExecutableName_s == "curl" | distinct ProductVersion_s
-- columns: ProductVersion_s:string
-- params: ["workspace-1","curl"]
WITH q1 AS (SELECT "TimeGenerated" AS c1, "SourceSystem" AS c2, "ResourceId" AS c3, "ResourceName_s" AS c4, "MachineResourceName_s" AS c5, "ExecutableName_s" AS c6, "StartTime_t" AS c7, "FirstPid_d" AS c8, "Description_s" AS c9, "CompanyName_s" AS c10, "InternalName_s" AS c11, "ProductName_s" AS c12, "ProductVersion_s" AS c13, "FileVersion_s" AS c14, "CommandLine_s" AS c15, "ExecutablePath_s" AS c16, "WorkingDirectory_s" AS c17, "UserName" AS c18, "UserDomain" AS c19, "Type" AS c20 FROM "ServiceMapProcess_CL" WHERE "WorkspaceId" = CAST($1 AS VARCHAR)),
q2 AS (SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20 FROM q1 WHERE (c6 = CAST($2 AS VARCHAR))),
q3 AS (SELECT c13 AS c21 FROM q2 GROUP BY c13)
SELECT c21 AS "ProductVersion_s" FROM q3
