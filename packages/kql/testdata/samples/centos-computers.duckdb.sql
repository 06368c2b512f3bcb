-- ServiceMapComputer_CL | where OperatingSystemFullName_s contains_cs "CentOS" | distinct ComputerName_s
-- columns: ComputerName_s:string
-- params: ["workspace-1","CentOS"]
WITH q1 AS (SELECT "TimeGenerated" AS c1, "SourceSystem" AS c2, "ResourceId" AS c3, "ResourceName_s" AS c4, "ComputerName_s" AS c5, "Ipv4Addresses_s" AS c6, "Ipv6Addresses_s" AS c7, "DnsNames_s" AS c8, "OperatingSystemFamily_s" AS c9, "OperatingSystemFullName_s" AS c10, "Bitness_s" AS c11, "PhysicalMemory_d" AS c12, "Cpus_d" AS c13, "CpuSpeed_d" AS c14, "VirtualizationState_s" AS c15, "VirtualMachineType_s" AS c16, "VirtualMachineNativeMachineId_g" AS c17, "VirtualMachineName_s" AS c18, "BootTime_t" AS c19, "Type" AS c20 FROM "ServiceMapComputer_CL" WHERE "WorkspaceId" = CAST($1 AS VARCHAR)),
q2 AS (SELECT c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20 FROM q1 WHERE contains(c10, CAST($2 AS VARCHAR))),
q3 AS (SELECT c5 AS c21 FROM q2 GROUP BY c5)
SELECT c21 AS "ComputerName_s" FROM q3
