/** Stable codes of configuration errors, for scripts and tests to match on. */
export type AgentConfigErrorCode =
  /** A required setting is not given anywhere. */
  | 'AGENT_CONFIG_MISSING'
  /** A setting has a value that does not parse or is out of range. */
  | 'AGENT_CONFIG_INVALID'
  /** The config file could not be read (and was asked for, or exists but is unreadable). */
  | 'AGENT_CONFIG_FILE_UNREADABLE'
  /** The config file is not a JSON object, or has keys we do not know. */
  | 'AGENT_CONFIG_FILE_INVALID'
  /** `<stateDir>/agent-id` exists but does not hold a GUID. */
  | 'AGENT_ID_INVALID';

/** A configuration problem, with the setting and where its value came from when known. */
export class AgentConfigError extends Error {
  override readonly name = 'AgentConfigError';

  constructor(
    readonly code: AgentConfigErrorCode,
    message: string,
    /** The setting at fault (its config-file key), when there is one. */
    readonly setting?: string,
    /** Where the bad value came from, e.g. `environment SERVICEMAP_SERVER`. */
    readonly source?: string,
  ) {
    super(message);
  }
}
