import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Options of startOrderServer. */
export interface OrderServerOptions {
  /** The receiver's gRPC endpoint the real OTLP exporter sends to. */
  readonly grpcEndpoint: string;
  /** Continue the incoming traceparent (default true); false simulates a service that drops trace context. */
  readonly propagate?: boolean;
}

/** A tiny order service instrumented by hand with the real OpenTelemetry SDK. */
export interface OrderServer {
  readonly baseUrl: string;
  /** JSON log lines (pino-shaped) of both simulated services. */
  readonly logs: PassThrough;
  close(): Promise<void>;
}

// The global propagator is shared by every server in the process: registered by the first, removed by the last.
let running = 0;

function provider(service: string, grpcEndpoint: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: grpcEndpoint }))],
  });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function logLine(logs: PassThrough, service: string, span: Span, correlationId: string, msg: string): void {
  const { traceId, spanId } = span.spanContext();
  const line = { level: 30, time: Date.now(), 'service.name': service, msg, trace_id: traceId, span_id: spanId };
  logs.write(`${JSON.stringify({ ...line, correlation_id: correlationId })}\n`);
}

interface Tracers {
  readonly orders: Tracer;
  readonly payments: Tracer;
  readonly logs: PassThrough;
}

const kafkaAttributes = (correlationId: string) => ({
  'messaging.system': 'kafka',
  'messaging.destination.name': 'orders.created',
  'correlation.id': correlationId,
});

/** The payment-service consumer span, parented by the producer span as Kafka header propagation would. */
function consume(tracers: Tracers, producerContext: Context, correlationId: string): void {
  const consumer = tracers.payments.startSpan(
    'orders.created process',
    { kind: SpanKind.CONSUMER, attributes: kafkaAttributes(correlationId) },
    producerContext,
  );
  logLine(tracers.logs, 'payment-service', consumer, correlationId, 'payment authorized');
  consumer.end();
}

/** Creates the order under the server span: an internal span, a producer span, a log line, then the 201. */
function createOrder(
  tracers: Tracers,
  request: { serverSpan: Span; serverContext: Context; correlationId: string; orderId: unknown },
  response: ServerResponse,
): void {
  const { serverSpan, serverContext, correlationId } = request;
  const create = tracers.orders.startSpan(
    'orders.create',
    { attributes: { 'order.id': String(request.orderId) } },
    serverContext,
  );
  const publish = tracers.orders.startSpan(
    'orders.created publish',
    { kind: SpanKind.PRODUCER, attributes: kafkaAttributes(correlationId) },
    trace.setSpan(serverContext, create),
  );
  logLine(tracers.logs, 'order-service', serverSpan, correlationId, 'order created');
  publish.end();
  create.end();
  serverSpan.setAttribute('http.response.status_code', 201);
  response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId: request.orderId }));
  serverSpan.end();
  setImmediate(() => consume(tracers, trace.setSpan(ROOT_CONTEXT, publish), correlationId));
}

/**
 * Starts POST /orders: a server span continuing the incoming traceparent, an internal and a producer span, and a
 * payment-service consumer span parented by the producer (as Kafka header propagation would), plus JSON logs.
 */
export async function startOrderServer(options: OrderServerOptions): Promise<OrderServer> {
  if (running++ === 0) propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const orders = provider('order-service', options.grpcEndpoint);
  const payments = provider('payment-service', options.grpcEndpoint);
  const logs = new PassThrough();
  const tracers: Tracers = {
    orders: orders.getTracer('order-server', '0.0.1'),
    payments: payments.getTracer('payment-consumer', '0.0.1'),
    logs,
  };
  const server = createServer((request, response) => {
    const incoming =
      options.propagate === false ? ROOT_CONTEXT : propagation.extract(context.active(), request.headers);
    const correlationId = String(request.headers['x-correlation-id'] ?? '');
    const serverSpan = tracers.orders.startSpan(
      `${request.method} /orders`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': request.method ?? '',
          'http.route': '/orders',
          'correlation.id': correlationId,
        },
      },
      incoming,
    );
    const serverContext = trace.setSpan(incoming, serverSpan);
    void readJson(request).then((body) =>
      createOrder(tracers, { serverSpan, serverContext, correlationId, orderId: body.orderId }, response),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([orders.shutdown(), payments.shutdown()]);
      logs.end();
      if (--running === 0) propagation.disable();
    },
  };
}
