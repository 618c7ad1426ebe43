import { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig } from '../config/config.ts';
import {
  correlationAttribute,
  correlationHeader,
  correlationIdForRequest,
  isValidCorrelationId,
} from './correlation.ts';

/** The running SDK, for flushing on shutdown. */
export interface Telemetry {
  readonly exporting: boolean;
  shutdown(): Promise<void>;
}

let active: Telemetry | undefined;

const unobservedPaths = ['/health/', '/metrics'];

function headerText(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'string' ? value : undefined;
}

function tagMessage(span: Span, message: { headers?: Record<string, unknown> | undefined }): void {
  const id = headerText(message.headers?.[correlationHeader]);
  if (isValidCorrelationId(id)) span.setAttribute(correlationAttribute, id);
}

function instrumentations() {
  return [
    new HttpInstrumentation({
      requestHook: (span, request) => {
        if (request instanceof IncomingMessage)
          span.setAttribute(correlationAttribute, correlationIdForRequest(request));
      },
      ignoreIncomingRequestHook: (request) => unobservedPaths.some((path) => request.url?.startsWith(path) ?? false),
    }),
    // Middleware and router layers only add spans between the server span and the handler; the route template
    // still reaches the server span's `http.route` (it is recorded before a layer is skipped).
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
    new KafkaJsInstrumentation({
      producerHook: (span, { message }) => tagMessage(span, message),
      consumerHook: (span, { message }) => tagMessage(span, message),
    }),
    new PgInstrumentation({ requireParentSpan: true }),
    new PinoInstrumentation({ disableLogSending: true }),
  ];
}

/**
 * Starts tracing: always creates spans and propagates W3C context; exports over OTLP/gRPC only with an endpoint.
 * @example startTelemetry({ serviceName: 'order-service', serviceVersion: '1.0.0', deploymentEnvironment: 'dev', otlpEndpoint: undefined });
 */
export function startTelemetry(config: TelemetryConfig): Telemetry {
  const exporting = config.otlpEndpoint !== undefined;
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.serviceName,
      [ATTR_SERVICE_VERSION]: config.serviceVersion,
      'deployment.environment.name': config.deploymentEnvironment,
    }),
    ...(exporting
      ? { traceExporter: new OTLPTraceExporter({ url: config.otlpEndpoint }) }
      : { spanProcessors: [new NoopSpanProcessor()] }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: instrumentations(),
  });
  sdk.start();
  active = { exporting, shutdown: () => sdk.shutdown() };
  return active;
}

/** The telemetry started by the preload, if any. */
export function activeTelemetry(): Telemetry | undefined {
  return active;
}
