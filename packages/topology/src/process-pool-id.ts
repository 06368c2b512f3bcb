/**
 * Process pool ids: `p-` + SHA-1 hex over machine, executable path, normalised command line and
 * user (DESIGN §3).
 *
 * The hash is a parameter. Only the agent computes pool ids (the server and the browser receive
 * them), and the agent has `node:crypto`; Web Crypto's digest is async, which would make every
 * caller async for nothing, and a hand-written SHA-1 is code to keep correct that no one else
 * needs. Passing `(text) => createHash('sha1').update(text).digest('hex')` keeps this module
 * synchronous, pure and browser-safe.
 */

/** Hex SHA-1 of a UTF-8 string (40 lower-case hex digits). */
export type Sha1Hex = (text: string) => string;

/** What identifies a pool. */
export interface ProcessPoolIdentity {
  /** Machine name, `m-{agentGuid}`. */
  readonly machine: string;
  /** Executable path (the agent uses `[comm]` when the path cannot be read). */
  readonly executablePath: string;
  /** argv, or a command line already joined with spaces. */
  readonly commandLine: string | readonly string[];
  readonly userName: string;
}

/** Longest command line that counts for identity. */
export const MAX_IDENTITY_COMMAND_LINE = 1024;

/**
 * The command line as it counts for identity: argv joined by single spaces, runs of whitespace
 * collapsed, trimmed, cut at 1 KiB, so a process that pads its title or has a huge generated
 * argv does not become a new pool at every restart.
 */
export function normaliseCommandLine(commandLine: string | readonly string[]): string {
  const joined = typeof commandLine === 'string' ? commandLine : commandLine.join(' ');
  const line = joined.replace(/\s+/g, ' ').trim();
  return line.length > MAX_IDENTITY_COMMAND_LINE ? line.slice(0, MAX_IDENTITY_COMMAND_LINE) : line;
}

/**
 * `p-{40 hex}`. The hashed text is the four fields joined by NUL, which none of them can hold,
 * so two different identities never hash the same text.
 */
export function processPoolId(identity: ProcessPoolIdentity, sha1Hex: Sha1Hex): string {
  const text = [identity.machine, identity.executablePath, normaliseCommandLine(identity.commandLine), identity.userName]
    .join('\0');
  const hex = sha1Hex(text);
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new Error('sha1Hex must return 40 lower-case hex digits');
  return `p-${hex}`;
}
