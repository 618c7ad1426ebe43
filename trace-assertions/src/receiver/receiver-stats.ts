import { TraceAssertionError } from '../errors.ts';
import { addStoredSpans, type SpanStore } from '../store/span-store.ts';
import type { IngestSink } from './ingest-sink.ts';
import type { ReceiverStats } from './start-otlp-receiver.ts';

type Update = (change: (stats: ReceiverStats) => ReceiverStats) => void;

/** The sink the transports feed: stores accepted spans and keeps the counters of `stats()`. */
export function statsSink(store: SpanStore, update: Update): IngestSink {
  return {
    ingest(result) {
      update((stats) => ({
        ...stats,
        requests: stats.requests + 1,
        acceptedSpans: stats.acceptedSpans + result.spans.length,
        rejectedSpans: stats.rejectedSpans + result.rejected,
        ...(result.errors[0] !== undefined ? { lastError: result.errors[0] } : {}),
      }));
      addStoredSpans(store, result.spans);
    },
    invalid(transport, message) {
      update((stats) => ({
        ...stats,
        requests: stats.requests + 1,
        invalidRequests: stats.invalidRequests + 1,
        lastError: `${transport}: ${message}`,
      }));
    },
    refused(transport, status, message) {
      const key = String(status);
      update((stats) => ({
        ...stats,
        requests: stats.requests + 1,
        invalidRequests: stats.invalidRequests + (status === 400 ? 1 : 0),
        rejected: { ...stats.rejected, [key]: (stats.rejected[key] ?? 0) + 1 },
        lastError: `${transport}: ${message}`,
        lastRejection: `HTTP ${status}: ${message}`,
      }));
    },
  };
}

/** A waitForTrace timeout that also names the receiver's last refused request (spans that never arrived may be in it). */
export function withLastRejection(error: unknown, lastRejection: string | undefined): unknown {
  if (!(error instanceof TraceAssertionError) || error.code !== 'TRACE_TIMEOUT' || lastRejection === undefined)
    return error;
  const message = `${error.message}\nThe receiver last refused a request: ${lastRejection}`;
  return new TraceAssertionError('TRACE_TIMEOUT', message, {
    cause: error,
    details: { ...error.details, lastRejection },
  });
}
