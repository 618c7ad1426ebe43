import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { encodeRequest, everyFieldRequest } from '../test-support/wire-request.ts';
import { decodeWireRequest } from './wire-decode.ts';
import { decodeWireSpans } from './wire-records.ts';
import { WireSpan } from './wire-span.ts';
import { holdsRequestBytes } from './wire-span-reader.ts';

describe('reading stored spans from their bytes', () => {
  it('holds no request bytes once the reads of a task are done', async () => {
    const body = encodeRequest(everyFieldRequest);
    const wire = (decodeWireSpans(body) ?? []).filter((entry) => entry instanceof WireSpan);
    expect(wire.length).toBeGreaterThan(1);
    const eager = decodeWireRequest(body)?.spans ?? [];
    const read = wire.map((span) => span.read());
    expect(holdsRequestBytes()).toBe(true);
    await setImmediate();
    expect(holdsRequestBytes()).toBe(false);
    // Read again in a later task, with a new string table: the same spans, all of them the eager decoder's.
    expect(wire.map((span) => span.read())).toEqual(read);
    for (const span of read) expect(eager).toContainEqual(span);
  });
});
