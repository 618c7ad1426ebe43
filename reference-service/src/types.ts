export type { ContextName, LogLevel, RetryConfig, ServiceConfig, TelemetryConfig } from './platform/config/config.ts';
export type { ServiceErrorCode } from './platform/errors.ts';
export type { RunningService } from './platform/runtime/start-service.ts';
