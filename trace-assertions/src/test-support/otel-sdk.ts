import { context, type Span, type SpanOptions, type Tracer, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/** A real OpenTelemetry SDK tracer wired to one exporter, for tests. */
export interface TestTracer {
  readonly tracer: Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Creates a BasicTracerProvider for `service` exporting every ended span through `exporter`. */
export function createTestTracer(service: string, exporter: unknown): TestTracer {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'service.version': '1.2.3' }),
    spanProcessors: [new SimpleSpanProcessor(exporter as SpanExporter)],
  });
  return {
    tracer: provider.getTracer('tracegate-test', '0.0.1'),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** Starts a span as a child of `parent` (no context manager needed). */
export function startChild(tracer: Tracer, name: string, parent: Span, options: SpanOptions = {}): Span {
  return tracer.startSpan(name, options, trace.setSpan(context.active(), parent));
}
