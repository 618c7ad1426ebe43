/** Codes of every error the harness raises. */
export type HarnessErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'MISSING_PREREQUISITE'
  | 'PROVISION_FAILED'
  | 'SERVICE_START_FAILED'
  | 'GATE_ERROR'
  | 'INTERRUPTED'
  | 'USAGE';

/** Base error of @tracegate/harness: a code a program can branch on, a message a person can act on, the `cause`. */
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
