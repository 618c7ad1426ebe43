import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AlwaysOffSampler, TracerProvider } from '@opentelemetry/sdk-trace';

/**
 * Without the telemetry preload no SDK runs, so `propagation.inject` writes nothing and every event would leave
 * without the `traceparent` its contract requires (and its consumers would dead-letter it). This registers the W3C
 * propagator and a tracer provider that samples nothing: spans get ids, so events carry a valid (unsampled)
 * `traceparent`, but nothing is recorded or exported.
 * @example if (activeTelemetry() === undefined) propagateWithoutRecording();
 */
export function propagateWithoutRecording(): void {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(new TracerProvider({ sampler: new AlwaysOffSampler() }));
}
