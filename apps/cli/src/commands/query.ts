import { Option, type Command } from 'commander';
import { DEFAULT_SERVER_CONFIG } from '@servicemap/server';
import { QueryClientError, resolveQueryTarget, sendLogQuery } from './log-query-client.js';
import { formatQueryResult, type QueryOutputFormat } from './query-output.js';

interface QueryFlags {
  readonly timespan?: string;
  readonly format: QueryOutputFormat;
  readonly server?: string;
  readonly token?: string;
  readonly workspace?: string;
  readonly dataDir?: string;
  readonly wait?: string;
}

/** `servicemap query '<kql>'`: a KQL log search through a running server, printed for terminals. */
export function register(program: Command): void {
  program.command('query <kql>')
    .description('run a KQL log search through a running server (the Log Analytics query API)')
    .option('--timespan <iso8601>', 'time range, ANDed with the query\'s own filters (PT1H, P1D, start/end)')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json', 'csv']).default('table'))
    .option('--server <url>', 'server URL (env SERVICEMAP_SERVER_URL; default: the running server of --data-dir)')
    .option('--token <token>', 'bearer token, a reader is enough (env SERVICEMAP_TOKEN; default: the bootstrap token)')
    .option('--workspace <id>', 'workspace GUID (default: the token\'s)')
    .option('--data-dir <dir>', `server data directory (env SERVICEMAP_DATA_DIR, default ${DEFAULT_SERVER_CONFIG.dataDir})`)
    .option('--wait <seconds>', 'how long the server may run the query (default 180, at most 600)')
    .action(async (kql: string, flags: QueryFlags) => {
      try {
        const url = flags.server ?? process.env.SERVICEMAP_SERVER_URL;
        const token = flags.token ?? process.env.SERVICEMAP_TOKEN;
        const target = resolveQueryTarget(
          { ...(url === undefined ? {} : { url }), ...(token === undefined ? {} : { token }), ...(flags.workspace === undefined ? {} : { workspace: flags.workspace }) },
          flags.dataDir ?? process.env.SERVICEMAP_DATA_DIR ?? DEFAULT_SERVER_CONFIG.dataDir,
        );
        const wait = flags.wait === undefined ? undefined : Number(flags.wait);
        if (wait !== undefined && !(wait > 0)) throw new QueryClientError('--wait must be a positive number of seconds');
        const result = await sendLogQuery(target, kql, {
          ...(flags.timespan === undefined ? {} : { timespan: flags.timespan }), ...(wait === undefined ? {} : { waitSeconds: wait }),
        });
        process.stdout.write(`${formatQueryResult(result, flags.format)}\n`);
      } catch (error) {
        if (!(error instanceof QueryClientError)) throw error;
        process.stderr.write(`servicemap: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
