import type { ContractErrorCode } from './types.ts';

/** Raised when a contract document cannot be loaded or does not hold what was asked for. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: ContractErrorCode;

  constructor(code: ContractErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
