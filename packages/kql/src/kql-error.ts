import type { KqlError } from './compiled-query.js';

/** Thrown inside the compiler and turned into a `CompileResult` failure at the entry point. */
export class KqlCompileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly position?: number,
    readonly suggestions?: readonly string[],
  ) {
    super(message);
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The wire form of a compile error, positioned in `text`. */
export function toKqlError(text: string, error: KqlCompileError): KqlError {
  const where = error.position === undefined ? {} : lineAndColumn(text, error.position);
  return {
    code: error.code,
    message: error.message,
    ...where,
    ...(error.suggestions && error.suggestions.length > 0 ? { suggestions: error.suggestions } : {}),
  };
}
