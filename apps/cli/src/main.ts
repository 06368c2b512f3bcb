import { Command } from 'commander';
import { registerAgentCommands } from './commands/agent.js';
import { VERSION } from './version.js';

/**
 * `servicemap`: one command for every role (agent, server, admin, queries), so an install is
 * one file and one package.
 */
const program = new Command('servicemap')
  .description('Service dependency map: agents, server, and the tools around them')
  .version(VERSION)
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerAgentCommands(program);
await registerServerCommands(program);

/**
 * The server's commands pull in DuckDB, a native module. They load only when asked for (or for
 * help), so an agent installed without node_modules starts fast and never touches DuckDB; where
 * DuckDB is missing they are left out of the help with a note instead of failing every command.
 */
async function registerServerCommands(target: Command): Promise<void> {
  const first = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (first !== undefined && !['server', 'workspace', 'token', 'query', 'help'].includes(first)) return;
  try {
    const modules = await Promise.all([import('./commands/server.js'), import('./commands/workspace.js'), import('./commands/token.js'),
      import('./commands/query.js')]);
    for (const mod of modules) mod.register(target);
  } catch (error) {
    if (first !== undefined && first !== 'help') throw error;
    target.addHelpText('after', `\n(server commands unavailable here: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)})`);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`servicemap: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
