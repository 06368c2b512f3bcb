import type { Command } from 'commander';
import { ConfigError, DEFAULT_SERVER_CONFIG, resolveServerConfig, startServer } from '@servicemap/server';

interface ServerFlags {
  readonly dataDir?: string;
  readonly host?: string;
  readonly port?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly logLevel?: string;
  readonly config?: string;
}

/** `servicemap server`: run the server in the foreground until SIGTERM/SIGINT. */
export function register(program: Command): void {
  program
    .command('server')
    .description('run the server in the foreground: ingest, storage, APIs (stops cleanly on SIGTERM)')
    .option('--data-dir <dir>', `database and credentials (env SERVICEMAP_DATA_DIR, default ${DEFAULT_SERVER_CONFIG.dataDir})`)
    .option('--host <addr>', `listen address (env SERVICEMAP_HOST, default ${DEFAULT_SERVER_CONFIG.host})`)
    .option('--port <n>', `listen port (env SERVICEMAP_PORT, default ${DEFAULT_SERVER_CONFIG.port})`)
    .option('--tls-cert <file>', 'PEM certificate; with --tls-key the server speaks HTTPS (env SERVICEMAP_TLS_CERT)')
    .option('--tls-key <file>', 'PEM private key (env SERVICEMAP_TLS_KEY)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace (env SERVICEMAP_LOG_LEVEL, default info)')
    .option('--config <file>', 'JSON config file with the same settings (env SERVICEMAP_CONFIG)')
    .action(async (flags: ServerFlags) => {
      try {
        const config = resolveServerConfig({
          env: process.env,
          ...(flags.config === undefined ? {} : { configFile: flags.config }),
          flags: {
            dataDir: flags.dataDir, host: flags.host, port: flags.port,
            tlsCertPath: flags.tlsCert, tlsKeyPath: flags.tlsKey, logLevel: flags.logLevel,
          },
        });
        await startServer(config, { handleSignals: true });
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`servicemap server: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
    });
}
