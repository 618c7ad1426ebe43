import type { ExportResultLike, ReadableSpanLike } from '../internal-types.ts';
import { fromReadableSpan } from '../otlp/from-readable-span.ts';
import { createSpanStore, type SpanStore } from '../store/span-store.ts';

/** Options of createInMemorySpanExporter. */
export interface InMemorySpanExporterOptions {
  /** Feed an existing store (e.g. a receiver's) instead of a new one. */
  readonly store?: SpanStore;
  readonly maxSpans?: number;
}

/** An OpenTelemetry SpanExporter (structurally) that feeds a SpanStore without a network. */
export interface InMemorySpanExporter {
  readonly store: SpanStore;
  export(spans: ReadableSpanLike[], resultCallback: (result: ExportResultLike) => void): void;
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

/**
 * Creates a SpanExporter for the OpenTelemetry SDK that stores normalized spans in memory.
 * @example
 * const exporter = createInMemorySpanExporter();
 * const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
 */
export function createInMemorySpanExporter(options: InMemorySpanExporterOptions = {}): InMemorySpanExporter {
  const store = options.store ?? createSpanStore(options.maxSpans !== undefined ? { maxSpans: options.maxSpans } : {});
  let stopped = false;
  return {
    store,
    export(spans, resultCallback) {
      if (stopped) {
        resultCallback({ code: 1, error: new Error('exporter is shut down') });
        return;
      }
      try {
        store.add(spans.map(fromReadableSpan));
        resultCallback({ code: 0 });
      } catch (error) {
        resultCallback({ code: 1, error: error as Error });
      }
    },
    shutdown: async () => {
      stopped = true;
    },
    forceFlush: async () => {},
  };
}
