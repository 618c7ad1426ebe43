/** Every code a TraceAssertionError can carry. */
export type TraceAssertionErrorCode =
  | 'SPAN_NOT_FOUND'
  | 'TRACE_TIMEOUT'
  | 'SELECTOR_SYNTAX'
  | 'CHAIN_BROKEN'
  | 'COUNT_MISMATCH'
  | 'EXPECTATION_FAILED'
  | 'RECEIVER_ERROR'
  | 'BACKEND_ERROR'
  | 'LOG_ASSERTION'
  | 'KAFKA_TIMEOUT'
  | 'SPEC_INVALID'
  | 'INVALID_ARGUMENT';

/** Options accepted by TraceAssertionError. */
export interface TraceAssertionErrorOptions {
  readonly cause?: unknown;
  /** Structured details (the query, candidates, the broken hop) for programmatic use. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The one base error of this package: a readable message, a stable `code`, optional `details` and `cause`. */
export class TraceAssertionError extends Error {
  override readonly name: string = 'TraceAssertionError';
  readonly code: TraceAssertionErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: TraceAssertionErrorCode, message: string, options: TraceAssertionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A selector string that could not be parsed; `column` is 1-based. */
export class SelectorSyntaxError extends TraceAssertionError {
  override readonly name: string = 'SelectorSyntaxError';
  readonly selector: string;
  readonly column: number;

  constructor(selector: string, column: number, problem: string) {
    const pointer = `${' '.repeat(Math.max(0, column - 1))}^`;
    super('SELECTOR_SYNTAX', `${problem} at column ${column}\n  ${selector}\n  ${pointer}`, {
      details: { selector, column, problem },
    });
    this.selector = selector;
    this.column = column;
  }
}

/** True when `error` is a TraceAssertionError, optionally with the given code. */
export function isTraceAssertionError(error: unknown, code?: TraceAssertionErrorCode): error is TraceAssertionError {
  return error instanceof TraceAssertionError && (code === undefined || error.code === code);
}
