import { Type, type Static } from 'typebox';

/** Azure's `Error` model, renamed so it does not shadow the global `Error`. */
export const ErrorDetail = Type.Object({
  /** Stable, machine-readable code from the server's error catalogue. */
  code: Type.String(),
  message: Type.Optional(Type.String()),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

/** Every error answer: `{"error":{"code","message"}}` (old SDKs read exactly these two fields). */
export const ErrorResponse = Type.Object({ error: ErrorDetail });
export type ErrorResponse = Static<typeof ErrorResponse>;
