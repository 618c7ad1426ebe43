import { describe, expect, it } from 'vitest';
import { sdkRequests } from '../../bench/sdk-requests.ts';
import { prng } from '../test-support/prng.ts';
import { encodeRequest, everyFieldRequest } from '../test-support/wire-request.ts';
import { decodeWireRequest } from './wire-decode.ts';
import { builtSpans, decodeWireSpans } from './wire-records.ts';
import { WireSpan } from './wire-span.ts';

describe('decodeWireSpans', () => {
  const body = encodeRequest(everyFieldRequest);

  it('keeps spans as bytes that build the spans the eager decoder reads; a span with links is built on arrival', () => {
    const stored = decodeWireSpans(body) ?? [];
    expect(builtSpans(stored)).toEqual(decodeWireRequest(body)?.spans);
    const linked = stored.filter((entry) => !(entry instanceof WireSpan));
    expect(linked.map((span) => ('links' in span ? span.links.length : 0))).toEqual([1, 1]);
    expect(stored.filter((entry) => entry instanceof WireSpan)).toHaveLength(6);
  });

  it('builds a span once: every read returns the same object', () => {
    const wire = (decodeWireSpans(body) ?? []).find((entry) => entry instanceof WireSpan) as WireSpan;
    expect(wire.built).toBe(false);
    expect(wire.span()).toBe(wire.span());
    expect(wire.built).toBe(true);
  });

  it('accepts exactly the mutated requests the eager decoder accepts, and builds the same spans', () => {
    const random = prng(0x1a2b_0017);
    let accepted = 0;
    for (let i = 0; i < 1500; i += 1) {
      const bytes = Buffer.from(body);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips -= 1) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      const eager = decodeWireRequest(bytes);
      const stored = decodeWireSpans(bytes);
      expect({ i, accepted: stored !== undefined }).toEqual({ i, accepted: eager !== undefined });
      if (stored === undefined) continue;
      accepted += 1;
      expect({ i, spans: builtSpans(stored) }).toEqual({ i, spans: eager?.spans });
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('keeps its own copy of bytes that are a view into a larger buffer', () => {
    const framed = Buffer.concat([Buffer.alloc(100, 1), body, Buffer.from([4])]);
    const view = framed.subarray(100, 100 + body.length);
    const wire = (decodeWireSpans(view) ?? []).find((entry) => entry instanceof WireSpan) as WireSpan;
    expect(wire.source.buffer.buffer.byteLength).toBe(body.length);
    framed.fill(0);
    // A backing store a few bytes larger (a gRPC message after its 5-byte header) is kept, not copied.
    const frame = Buffer.allocUnsafeSlow(5 + body.length);
    body.copy(frame, 5);
    const message = frame.subarray(5);
    const kept = (decodeWireSpans(message) ?? []).find((entry) => entry instanceof WireSpan) as WireSpan;
    expect(kept.source.buffer).toBe(message);
    expect(wire.span()).toEqual(decodeWireRequest(body)?.spans.find((span) => span.spanId === wire.spanId));
  });

  it('builds every span a real SDK exported as the eager decoder reads it', async () => {
    const requests = await sdkRequests({ spans: 1024 });
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      const stored = decodeWireSpans(request) ?? [];
      expect(stored).toHaveLength(512);
      expect(stored.every((entry) => entry instanceof WireSpan)).toBe(true);
      expect(builtSpans(stored)).toEqual(decodeWireRequest(request)?.spans);
    }
  });
});
