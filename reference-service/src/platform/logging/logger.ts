import type { DestinationStream, Logger } from 'pino';
import { pino } from 'pino';
import type { LogLevel } from '../config/config.ts';
import { currentCorrelationId } from '../telemetry/correlation.ts';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly level: LogLevel;
  /** Where lines go; stdout when omitted. */
  readonly destination?: DestinationStream;
}

/** Header paths whose values never reach a log line. */
export const redactedPaths: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * One JSON object per line: level, time, msg, service.name/version, trace_id/span_id (OpenTelemetry pino
 * instrumentation) and correlation_id (from the async context).
 * @example const logger = createLogger({ serviceName: 'order-service', serviceVersion: '1.0.0', level: 'info' });
 */
export function createLogger(options: LoggerOptions): Logger {
  const config = {
    level: options.level,
    base: { 'service.name': options.serviceName, 'service.version': options.serviceVersion },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: [...redactedPaths], censor: '[REDACTED]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId === undefined ? {} : { correlation_id: correlationId };
    },
  };
  // Asynchronous stdout: a request never waits on the pipe; pino flushes what is buffered when the process exits.
  return pino(config, options.destination ?? pino.destination({ dest: 1, sync: false }));
}
