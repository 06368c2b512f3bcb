-- ServiceMapComputer_CL | where ResourceName_s in ((search in (ServiceMapProcess_CL) "\*sql\*" | distinct MachineResourceName_s)) | distinct ComputerName_s
-- columns: ComputerName_s:string
-- params: ["workspace-1","sql","ServiceMapProcess_CL"]
WITH q1 AS (SELECT "TimeGenerated" AS c1, "SourceSystem" AS c2, "ResourceId" AS c3, "ResourceName_s" AS c4, "ComputerName_s" AS c5, "Ipv4Addresses_s" AS c6, "Ipv6Addresses_s" AS c7, "DnsNames_s" AS c8, "OperatingSystemFamily_s" AS c9, "OperatingSystemFullName_s" AS c10, "Bitness_s" AS c11, "PhysicalMemory_d" AS c12, "Cpus_d" AS c13, "CpuSpeed_d" AS c14, "VirtualizationState_s" AS c15, "VirtualMachineType_s" AS c16, "VirtualMachineNativeMachineId_g" AS c17, "VirtualMachineName_s" AS c18, "BootTime_t" AS c19, "Type" AS c20 FROM "ServiceMapComputer_CL" WHERE "WorkspaceId" = CAST($1 AS VARCHAR)),
q2 AS (SELECT "TimeGenerated" AS c21, "SourceSystem" AS c22, "ResourceId" AS c23, "ResourceName_s" AS c24, "MachineResourceName_s" AS c25, "ExecutableName_s" AS c26, "StartTime_t" AS c27, "FirstPid_d" AS c28, "Description_s" AS c29, "CompanyName_s" AS c30, "InternalName_s" AS c31, "ProductName_s" AS c32, "ProductVersion_s" AS c33, "FileVersion_s" AS c34, "CommandLine_s" AS c35, "ExecutablePath_s" AS c36, "WorkingDirectory_s" AS c37, "UserName" AS c38, "UserDomain" AS c39, "Type" AS c40, "_SearchText" AS c41 FROM "ServiceMapProcess_CL" WHERE "WorkspaceId" = CAST($1 AS VARCHAR)),
q3 AS (SELECT c21, c22, c23, c24, c25, c26, c27, c28, c29, c30, c31, c32, c33, c34, c35, c36, c37, c38, c39, c40 FROM q2 WHERE contains(c41, CAST($2 AS VARCHAR))),
q4 AS (SELECT CAST($3 AS VARCHAR) AS c42, c21 AS c43, c22 AS c44, c23 AS c45, c24 AS c46, c25 AS c47, c26 AS c48, c27 AS c49, c28 AS c50, c29 AS c51, c30 AS c52, c31 AS c53, c32 AS c54, c33 AS c55, c34 AS c56, c35 AS c57, c36 AS c58, c37 AS c59, c38 AS c60, c39 AS c61, c40 AS c62 FROM q3),
q5 AS (SELECT c47 AS c63 FROM q4 GROUP BY c47),
q6 AS (SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20 FROM q1 WHERE (c4 IN (SELECT c63 FROM q5 WHERE c63 IS NOT NULL))),
q7 AS (SELECT c5 AS c64 FROM q6 GROUP BY c5)
SELECT c64 AS "ComputerName_s" FROM q7
