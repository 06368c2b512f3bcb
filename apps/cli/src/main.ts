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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`servicemap: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
