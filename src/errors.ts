/**
 * Every problem a user can cause is a MatnError: it names the file and says what is wrong,
 * so a batch build can report it next to the document and carry on with the others.
 */
export type MatnErrorCode =
  | 'not-found'
  | 'unreadable'
  | 'is-directory'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'too-large'
  | 'unsupported-type'
  | 'front-matter'
  | 'sidecar'
  | 'config'
  | 'template'
  | 'browser'
  | 'render'
  | 'timeout'
  | 'output';

export class MatnError extends Error {
  readonly file: string | undefined;
  readonly code: MatnErrorCode;

  constructor(code: MatnErrorCode, file: string | undefined, message: string, options?: { cause?: unknown }) {
    super(file ? `${file}: ${message}` : message, options);
    this.name = 'MatnError';
    this.code = code;
    this.file = file;
  }
}

/** The message to show a user for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
