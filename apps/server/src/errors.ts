/**
 * The error catalogue: every error the server answers has a stable code from this table, an HTTP
 * status, and the body `{ "error": { "code", "message" } }` (Azure's shape). Codes are part of
 * the API: clients and agents may branch on them, so they are never renamed.
 */
export const ERROR_CATALOGUE = {
  // 400
  InvalidJson: { status: 400, message: 'The request body is not valid JSON.' },
  InvalidGzip: { status: 400, message: 'The request body is not valid gzip.' },
  InvalidRequest: { status: 400, message: 'The request does not match the schema.' },
  UnsupportedProtocolVersion: { status: 400, message: 'The report protocol version is not supported.' },
  WindowInFuture: { status: 400, message: 'A record is dated too far in the future.' },
  MachineMismatch: { status: 400, message: 'The report machine does not match its agent id.' },
  // 401 / 403
  MissingCredentials: { status: 401, message: 'Credentials are required.' },
  InvalidToken: { status: 401, message: 'The bearer token is not valid.' },
  UnknownWorkspace: { status: 403, message: 'The workspace does not exist.' },
  InvalidAgentKey: { status: 403, message: 'The agent key is not valid for this workspace.' },
  InsufficientRole: { status: 403, message: 'The token role does not allow this operation.' },
  WorkspaceForbidden: { status: 403, message: 'The token does not grant access to this workspace.' },
  // 404 / 405 / 409 / 412 / 413 / 415
  NotFound: { status: 404, message: 'No such resource.' },
  MethodNotAllowed: { status: 405, message: 'The method is not allowed on this resource.' },
  Conflict: { status: 409, message: 'The resource already exists.' },
  PreconditionFailed: { status: 412, message: 'The resource has changed (etag mismatch).' },
  PayloadTooLarge: { status: 413, message: 'The request body is too large.' },
  UnsupportedMediaType: { status: 415, message: 'The request content type is not supported.' },
  UnsupportedContentEncoding: { status: 415, message: 'The request content encoding is not supported.' },
  // 5xx
  InternalError: { status: 500, message: 'Internal server error.' },
  ServerBusy: { status: 503, message: 'The server is busy; retry later.' },
  StorageUnavailable: { status: 503, message: 'Storage is not available; retry later.' },
  ShuttingDown: { status: 503, message: 'The server is shutting down; retry later.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The wire shape of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** An error with a catalogue code; the error handler turns it into its status and body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  /** `message` replaces the catalogue's generic text with a specific one (name the field, the limit). */
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** Extra response headers, e.g. `Allow` or `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.status = ERROR_CATALOGUE[code].status;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
