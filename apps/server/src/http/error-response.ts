import { Type, type Static } from 'typebox';

/** The body of every error answer: `{ "error": { "code", "message" } }` (see `errors.ts`). */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code from the error catalogue' }),
      message: Type.String(),
    }),
  },
  { description: 'Error' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
