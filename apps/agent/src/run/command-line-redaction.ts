/**
 * Secrets out of the command lines the agent reports. Process inventory carries each pool's
 * command line to the server and into every map and log search, so a password passed as an
 * argument (`--password x`, `token=x`, `redis-server --requirepass x`, the agent's own `--key`)
 * would be readable by anyone with a reader token. The value is replaced by {@link REDACTED};
 * the option name stays, so the line still says what the process was given.
 */

/** What a secret value becomes. */
export const REDACTED = '***';

/**
 * Option or variable names whose value is a secret: a name that ends in password, passwd,
 * secret or token (PGPASSWORD, --client-secret, access_token), or whose last word is pass, key,
 * apikey or auth (--key, --api-key, AWS_SECRET_ACCESS_KEY, --pass), or Redis's two.
 * `--key-file` and `--keyspace` end in other words and are left alone.
 */
const SECRET_NAME = /(?:password|passwd|secret|token)$|(?:^|[-_.])(?:pass|key|apikey|auth)$|^(?:requirepass|masterauth)$/i;

/** `--name=value`, `-name=value` or `name=value` (an environment assignment, a key=value argument). */
const ASSIGNMENT = /^(-{0,2})([A-Za-z][\w.-]*)=(.*)$/s;

/** `--name` or `-name` standing alone: the next argument is its value. */
const OPTION = /^-{1,2}([A-Za-z][\w.-]*)$/;

/** The password of a URL's user info: `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;

/** Whether an option or variable name announces a secret value. */
export function isSecretName(name: string): boolean {
  // `--no-auth`, `--disable-token` are switches: the next argument is not their value.
  return SECRET_NAME.test(name) && !/^(?:no|disable|enable|without|with)[-_]/i.test(name);
}

function redactLiterals(arg: string, secrets: readonly string[]): string {
  let out = arg;
  for (const secret of secrets) if (secret !== '' && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * argv with secret values replaced: the value after a secret-named option, the right side of a
 * secret-named assignment, URL passwords, and every occurrence of a known secret (the agent's
 * own key) wherever it appears. An argument holding spaces (a retitled process, `sh -c '…'`)
 * is redacted word by word as well. Pure; the input is not changed.
 */
export function redactArgv(argv: readonly string[], knownSecrets: readonly string[] = []): string[] {
  const secrets = knownSecrets.filter((s) => s.length >= 4);
  const out: string[] = [];
  let valueIsSecret = false;
  for (const arg of argv) {
    // Another option, not a value: `--auth --verbose`.
    if (valueIsSecret && !arg.startsWith('--')) {
      out.push(REDACTED);
      valueIsSecret = false;
      continue;
    }
    if (arg.includes(' ')) {
      out.push(redactArgv(arg.split(' '), secrets).join(' '));
      valueIsSecret = false;
      continue;
    }
    const assignment = ASSIGNMENT.exec(arg);
    if (assignment && isSecretName(assignment[2] ?? '')) {
      out.push(`${assignment[1] ?? ''}${assignment[2] ?? ''}=${REDACTED}`);
      continue;
    }
    const option = OPTION.exec(arg);
    valueIsSecret = option !== null && isSecretName(option[1] ?? '');
    out.push(redactLiterals(arg, secrets).replace(URL_PASSWORD, `$1${REDACTED}@`));
  }
  return out;
}
