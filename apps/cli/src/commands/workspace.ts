import type { Command } from 'commander';
import { AdminClientError, DEFAULT_SERVER_CONFIG, openAdminClient, type AdminClient } from '@servicemap/server';

/** Options every admin command takes. */
export interface AdminFlags {
  readonly dataDir?: string;
  readonly token?: string;
  readonly json?: boolean;
}

/** Adds `--data-dir`, `--token` and `--json` to an admin command. */
export function adminOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', `server data directory (env SERVICEMAP_DATA_DIR, default ${DEFAULT_SERVER_CONFIG.dataDir})`)
    .option('--token <token>', 'admin token for a running server (env SERVICEMAP_TOKEN; default: the bootstrap token)')
    .option('--json', 'print JSON for scripts');
}

/**
 * Runs an admin action on the data directory's database, or through the running server that
 * holds it, and prints the result as JSON or as text.
 */
export async function withAdmin<T>(
  flags: AdminFlags, action: (admin: AdminClient) => Promise<T>, text: (result: T) => string,
): Promise<void> {
  const token = flags.token ?? process.env.SERVICEMAP_TOKEN;
  let admin: AdminClient;
  try {
    admin = await openAdminClient({
      dataDir: flags.dataDir ?? process.env.SERVICEMAP_DATA_DIR ?? DEFAULT_SERVER_CONFIG.dataDir,
      ...(token === undefined ? {} : { token }),
    });
  } catch (error) {
    return fail(error);
  }
  try {
    const result = await action(admin);
    process.stdout.write(flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${text(result)}\n`);
  } catch (error) {
    fail(error);
  } finally {
    await admin.close();
  }
}

function fail(error: unknown): never {
  if (error instanceof AdminClientError) {
    process.stderr.write(`servicemap: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
};

/** `servicemap workspace create|list|show|rotate-key`. */
export function register(program: Command): void {
  const workspace = program.command('workspace').description('workspaces: the tenant boundary of agents and tokens');

  adminOptions(workspace.command('create <name>').description('create a workspace (prints its agent key once)'))
    .option('--retention-days <n>', 'days of history to keep (default 30)')
    .action(async (name: string, flags: AdminFlags & { retentionDays?: string }) => {
      const days = flags.retentionDays === undefined ? undefined : Number(flags.retentionDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) fail(new AdminClientError('--retention-days must be a positive integer'));
      await withAdmin(flags, (a) => a.createWorkspace(name, days), (r) =>
        `created workspace ${r.workspace.name} ${r.workspace.id}\nagent key (shown once): ${r.agentKey}` +
        (r.adminToken === undefined ? '' : `\nadmin token (shown once): ${r.adminToken}`));
    });

  adminOptions(workspace.command('list').description('list workspaces')).action(async (flags: AdminFlags) => {
    await withAdmin(flags, (a) => a.listWorkspaces(), (list) =>
      table([['ID', 'NAME', 'RETENTION', 'CREATED'], ...list.map((w) => [w.id, w.name, `${w.retentionDays}d`, w.createdAt])]));
  });

  adminOptions(workspace.command('show <idOrName>').description('show one workspace')).action(async (idOrName: string, flags: AdminFlags) => {
    await withAdmin(flags, async (a) => {
      const found = await a.showWorkspace(idOrName);
      if (found === undefined) throw new AdminClientError(`no workspace ${idOrName}`);
      return found;
    }, (w) => table([['id', w.id], ['name', w.name], ['retention', `${w.retentionDays} days`], ['created', w.createdAt], ['key rotated', w.keyRotatedAt]]));
  });

  adminOptions(workspace.command('rotate-key <idOrName>').description('replace the agent key (agents need the new one)'))
    .action(async (idOrName: string, flags: AdminFlags) => {
      await withAdmin(flags, (a) => a.rotateKey(idOrName), (r) => `new agent key for ${r.workspaceId} (shown once): ${r.agentKey}`);
    });
}
