import { Option, type Command } from 'commander';
import type { TokenRole } from '@servicemap/server';
import { adminOptions, withAdmin, type AdminFlags } from './workspace.js';

const ROLES: readonly TokenRole[] = ['reader', 'contributor', 'admin'];

/** `servicemap token create|list|revoke`. */
export function register(program: Command): void {
  const token = program.command('token').description('API tokens for people and scripts (Authorization: Bearer)');

  adminOptions(token.command('create').description('create a token (prints it once; only its hash is stored)'))
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .option('--workspace <idOrName>', 'workspace (default: the only one, or the token\'s own through a server)')
    .option('--name <name>', 'a label to recognise the token by')
    .action(async (flags: AdminFlags & { role: TokenRole; workspace?: string; name?: string }) => {
      await withAdmin(flags, (a) => a.createToken(flags.role, flags.workspace, flags.name), (r) =>
        `created ${r.token.role} token ${r.token.id} in workspace ${r.token.workspaceId}\ntoken (shown once): ${r.secret}`);
    });

  adminOptions(token.command('list').description('list tokens (never their secrets)'))
    .option('--workspace <idOrName>', 'only this workspace')
    .action(async (flags: AdminFlags & { workspace?: string }) => {
      await withAdmin(flags, (a) => a.listTokens(flags.workspace), (list) => list.map((t) =>
        `${t.id}  ${t.role.padEnd(11)}  ${t.workspaceId}  ${t.revokedAt === null ? 'live' : `revoked ${t.revokedAt}`}  ${t.name}`).join('\n'));
    });

  adminOptions(token.command('revoke <id>').description('revoke a token at once')).action(async (id: string, flags: AdminFlags) => {
    await withAdmin(flags, async (a) => {
      await a.revokeToken(id);
      return { revoked: id };
    }, (r) => `revoked ${r.revoked}`);
  });
}
