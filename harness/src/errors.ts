/** Codes of every error the harness raises. */
export type HarnessErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'MISSING_PREREQUISITE'
  | 'PROVISION_FAILED'
  | 'SERVICE_START_FAILED'
  | 'GATE_ERROR'
  | 'USAGE';

/** Base error of the harness: a code a program can branch on and a message a person can act on. */
export class HarnessError extends Error {
  override readonly name: string = 'HarnessError';
  readonly code: HarnessErrorCode;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
