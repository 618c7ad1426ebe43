import { propagation, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { endProducerSpans, tracedRecord } from '../outbox/producer-spans.ts';
import { propagateWithoutRecording } from './trace-context.ts';

const traceparent = /^00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-00$/;
const row = { topic: 'order.created', key: 'o-1', value: '{}', headers: { 'x-correlation-id': 'req-1' } };

describe('propagateWithoutRecording', () => {
  // Not between the tests: `trace.disable()` would detach the outbox's tracer, taken once when its module loads.
  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  it('without it (no SDK), an outbox row goes out with no traceparent', () => {
    const { record, span } = tracedRecord(row);
    endProducerSpans([{ record, span }]);
    expect(record.headers).not.toHaveProperty('traceparent');
  });

  it('gives each outbox row a valid, unsampled traceparent and records nothing', () => {
    propagateWithoutRecording();
    const traced = [tracedRecord(row), tracedRecord({ ...row, key: 'o-2' })];
    endProducerSpans(traced);
    const [first, second] = traced.map(({ record }) => record.headers.traceparent);
    expect(first).toMatch(traceparent);
    expect(second).toMatch(traceparent);
    expect(first).not.toBe(second);
    expect(traced.every(({ span }) => !span.isRecording())).toBe(true);
  });
});
