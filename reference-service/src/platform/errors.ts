/** Codes of {@link ServiceError}. */
export type ServiceErrorCode =
  | 'CONFIG_INVALID'
  | 'MIGRATION_FAILED'
  | 'NOT_FOUND'
  | 'ILLEGAL_TRANSITION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'VALIDATION_FAILED'
  | 'PERMANENT_FAILURE'
  | 'BROKER_UNAVAILABLE'
  | 'SHUTTING_DOWN';

/** The service's base error: a stable `code`, a message a person can act on, and the `cause`. */
export class ServiceError extends Error {
  override readonly name: string = 'ServiceError';
  readonly code: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A failure that retrying will not fix: the consumer dead-letters the message at once. */
export class PermanentError extends ServiceError {
  override readonly name = 'PermanentError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('PERMANENT_FAILURE', message, options);
  }
}

/** True when an error is a {@link ServiceError} with the given code. */
export function hasCode(error: unknown, code: ServiceErrorCode): error is ServiceError {
  return error instanceof ServiceError && error.code === code;
}

/** One invalid input field, located like `/query/cursor` or `/body/items/0/quantity`. */
export interface InvalidField {
  readonly field: string;
  readonly message: string;
}

/** Input that passed the schema but not the service's own checks (answered 422 with the fields). */
export class ValidationError extends ServiceError {
  override readonly name = 'ValidationError';
  readonly fields: readonly InvalidField[];

  constructor(fields: readonly InvalidField[]) {
    super('VALIDATION_FAILED', fields.map((field) => `${field.field} ${field.message}`).join('; '));
    this.fields = fields;
  }
}
