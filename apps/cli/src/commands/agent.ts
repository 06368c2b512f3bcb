import { Option, type Command } from 'commander';
import {
  AGENT_SETTINGS,
  AgentConfigError,
  describeStatus,
  formatSnapshotText,
  loadAgentConfig,
  readAgentStatus,
  runAgent,
  takeSnapshot,
  type NamespaceScope,
} from '@servicemap/agent';
import { VERSION } from '../version.js';

/** commander's camelCase key of a long flag (`ca-file` → `caFile`). */
const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Flags in the shape the agent's config loader reads: by long name, only those given. */
function flagsOf(options: Record<string, unknown>): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const setting of AGENT_SETTINGS) {
    const value = options[camel(setting.flag)];
    if (value !== undefined) flags[setting.flag] = value;
  }
  return flags;
}

function addSettingOptions(command: Command): Command {
  for (const setting of AGENT_SETTINGS) {
    const boolean = setting.name === 'insecureSkipVerify';
    const option = new Option(boolean ? `--${setting.flag}` : `--${setting.flag} <value>`, `${setting.description} (env ${setting.env})`);
    command.addOption(option);
  }
  return command.option('--config <file>', 'JSON config file (default /etc/servicemap/agent.json if present; env SERVICEMAP_CONFIG)');
}

function fail(error: unknown): never {
  if (error instanceof AgentConfigError) {
    process.stderr.write(`servicemap agent: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

export function registerAgentCommands(program: Command): void {
  const agent = program.command('agent').description('the discovery agent: collect processes, ports and connections');

  addSettingOptions(
    agent
      .command('run')
      .description('collect continuously and ship one-minute windows to the server')
      .option('--no-events', 'do not use kernel events even when available (snapshot mode)'),
  ).action(async (options: Record<string, unknown>) => {
    const config = await loadAgentConfig({
      flags: flagsOf(options),
      ...(typeof options.config === 'string' ? { configFilePath: options.config } : {}),
    }).catch(fail);
    await runAgent(config, { version: VERSION, events: options.events !== false });
  });

  agent
    .command('snapshot')
    .description('print the current process-level view: pools, listening ports, connections')
    .option('--json', 'print JSON')
    .addOption(new Option('--namespaces <scope>', 'network namespaces: own or all').choices(['own', 'all']).default('all'))
    .action(async (options: { json?: boolean; namespaces: NamespaceScope }) => {
      const report = await takeSnapshot({ namespaces: options.namespaces });
      process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatSnapshotText(report));
    });

  agent
    .command('status')
    .description('show what a running agent is doing: mode, last send, queue, event loss')
    .option('--json', 'print JSON')
    .option('--state-dir <dir>', 'the agent state directory (env SERVICEMAP_STATE_DIR)')
    .option('--config <file>', 'JSON config file to take the state directory from')
    .action((options: { json?: boolean; stateDir?: string; config?: string }) => {
      const status = readAgentStatus({
        ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
        ...(options.config === undefined ? {} : { configFilePath: options.config }),
      });
      if (options.json === true) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      else process.stdout.write(describeStatus(status));
      if (!status.running) process.exitCode = 3;
    });
}
