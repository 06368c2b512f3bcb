/** An API answer that was not a success, with the server's stable error code. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Reads `{"error":{"code","message"}}` from a failed answer (or makes one up from the status). */
export async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new ApiRequestError(response.status, body.error?.code ?? `Http${response.status}`, body.error?.message ?? response.statusText);
  } catch {
    return new ApiRequestError(response.status, `Http${response.status}`, response.statusText);
  }
}
