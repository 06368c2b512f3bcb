-- ServiceMapComputer_CL | summarize arg_max(TimeGenerated, *) by ResourceId | project PhysicalMemory_d, ComputerName_s
-- columns: PhysicalMemory_d:real, ComputerName_s:string
-- params: ["workspace-1"]
WITH q1 AS (SELECT "TimeGenerated" AS c1, "SourceSystem" AS c2, "ResourceId" AS c3, "ResourceName_s" AS c4, "ComputerName_s" AS c5, "Ipv4Addresses_s" AS c6, "Ipv6Addresses_s" AS c7, "DnsNames_s" AS c8, "OperatingSystemFamily_s" AS c9, "OperatingSystemFullName_s" AS c10, "Bitness_s" AS c11, "PhysicalMemory_d" AS c12, "Cpus_d" AS c13, "CpuSpeed_d" AS c14, "VirtualizationState_s" AS c15, "VirtualMachineType_s" AS c16, "VirtualMachineNativeMachineId_g" AS c17, "VirtualMachineName_s" AS c18, "BootTime_t" AS c19, "Type" AS c20 FROM "ServiceMapComputer_CL" WHERE "WorkspaceId" = CAST($1 AS VARCHAR)),
q2 AS (SELECT c3 AS c21, c1 AS c22, c2 AS c23, c4 AS c24, c5 AS c25, c6 AS c26, c7 AS c27, c8 AS c28, c9 AS c29, c10 AS c30, c11 AS c31, c12 AS c32, c13 AS c33, c14 AS c34, c15 AS c35, c16 AS c36, c17 AS c37, c18 AS c38, c19 AS c39, c20 AS c40 FROM (SELECT *, row_number() OVER (PARTITION BY c3 ORDER BY c1 DESC) AS rn FROM q1 WHERE c1 IS NOT NULL) AS ranked WHERE rn = 1),
q3 AS (SELECT c32 AS c32, c25 AS c25 FROM q2)
SELECT c32 AS "PhysicalMemory_d", c25 AS "ComputerName_s" FROM q3
