/** Every failure code the harness reports; a person can act on each one. */
export type HarnessErrorCode =
  | 'MISSING_PREREQUISITE'
  | 'INVALID_OPTION'
  | 'KAFKA_RESOLVE_FAILED'
  | 'KAFKA_START_FAILED'
  | 'KAFKA_NOT_READY'
  | 'POSTGRES_FAILED'
  | 'SCHEMATHESIS_INSTALL_FAILED'
  | 'PROCESS_EXITED'
  | 'PROCESS_NOT_READY'
  | 'LOCK_TIMEOUT';

/** Base error of @tracegate/harness: a stable `code`, a message a person can act on, and the underlying `cause`. */
export class HarnessError extends Error {
  override readonly name: string = 'HarnessError';
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A tool the harness needs is missing; the one-line message says what to install (or which variable to set). */
export class PrerequisiteError extends HarnessError {
  override readonly name: string = 'PrerequisiteError';
  /** What is missing, e.g. `['java>=17', 'mvn']`. */
  readonly missing: readonly string[];

  constructor(message: string, missing: readonly string[], options?: { cause?: unknown }) {
    super('MISSING_PREREQUISITE', message, options);
    this.missing = missing;
  }
}
