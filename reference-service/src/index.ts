export { contextModules, selectContexts } from './app/contexts.ts';
export { loadConfig, loadTelemetryConfig } from './platform/config/config.ts';
export { ServiceError } from './platform/errors.ts';
export { startService } from './platform/runtime/start-service.ts';
export type {
  ContextName,
  LogLevel,
  RetryConfig,
  RunningService,
  ServiceConfig,
  ServiceErrorCode,
  TelemetryConfig,
} from './types.ts';
