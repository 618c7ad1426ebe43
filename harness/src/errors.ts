/** Codes of every error the harness raises. */
export type HarnessErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'MISSING_PREREQUISITE'
  | 'PREREQUISITE_FAILED'
  | 'PREREQUISITE_TIMED_OUT'
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

/**
 * A tool the harness needs is installed but cannot be used: its version probe failed (`PREREQUISITE_FAILED`) or gave
 * no answer in time (`PREREQUISITE_TIMED_OUT`). The message shows the command and what it answered, never an install hint.
 */
export class ProbeError extends HarnessError {
  override readonly name: string = 'ProbeError';
  /** The program that was asked, e.g. `java` or `/opt/jdk/bin/java`. */
  readonly command: string;

  constructor(
    message: string,
    problem: { readonly status: 'failed' | 'timed-out'; readonly command: string },
    options?: { cause?: unknown },
  ) {
    super(problem.status === 'failed' ? 'PREREQUISITE_FAILED' : 'PREREQUISITE_TIMED_OUT', message, options);
    this.command = problem.command;
  }
}
