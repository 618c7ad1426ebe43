import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { isTraceAssertionError } from '../errors.ts';
import { fixtureText } from '../test-support/fixtures.ts';
import { captureLogs } from './capture-logs.ts';

const text = fixtureText('logs/order-flow.ndjson');
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((fn) => fn()));
});

describe('captureLogs', () => {
  it('parses JSON lines, tolerates and counts the others', () => {
    const logs = captureLogs(text.split('\n'));
    expect(logs.stats()).toEqual({ lines: 9, jsonLines: 7, nonJsonLines: 2 });
    expect(logs.nonJsonLines().map((l) => l.lineNumber)).toEqual([3, 8]);
    expect(logs.lines()[0]).toMatchObject({
      level: 'info',
      message: 'order received',
      service: 'order-service',
      traceId: TRACE,
      spanId: 'a000000000000001',
      correlationId: 'corr-123',
      time: 1767225600002,
    });
    expect(logs.lines()[6]).toMatchObject({ service: 'payment-service', level: 'warn', time: 1767225600195 });
  });

  it.each([
    [{ traceId: TRACE }, [1, 2, 4]],
    [{ spanId: 'b000000000000001' }, [4]],
    [{ correlationId: 'corr-123' }, [1, 2, 4, 5]],
    [{ service: 'payment-service' }, [4, 5, 6, 7]],
    [{ level: ['warn', 'error'] }, [5, 7]],
    [{ message: /declined|retry/ }, [5, 7]],
    [{ fields: { port: { gte: 3000 } } }, [9]],
    [{ json: false, message: { contains: 'Warning' } }, [8]],
  ] as const)('finds %j', (query, lineNumbers) => {
    const logs = captureLogs(text.split('\n'));
    expect(logs.find(query).map((l) => l.lineNumber)).toEqual(lineNumbers);
  });

  it('uses a configurable correlation field', () => {
    const logs = captureLogs([{ msg: 'x', requestId: 'r-1' }], { correlationField: 'requestId' });
    expect(logs.find({ correlationId: 'r-1' })).toHaveLength(1);
  });

  it("reads other SDKs' field names when told (Python's logging instrumentation)", () => {
    const python = {
      levelname: 'WARNING',
      message: 'shipment scheduled',
      otelServiceName: 'shipping-service',
      otelTraceID: TRACE.toUpperCase(),
      otelSpanID: 'a000000000000001',
      trace_id: 'ignored-when-an-alias-matches',
    };
    const fields = {
      level: ['levelname'],
      service: ['otelServiceName'],
      traceId: ['otelTraceID'],
      spanId: ['otelSpanID'],
    };
    expect(captureLogs([python], { fields }).lines()[0]).toMatchObject({
      level: 'warning',
      message: 'shipment scheduled',
      service: 'shipping-service',
      traceId: TRACE,
      spanId: 'a000000000000001',
    });
    expect(captureLogs([python]).lines()[0]).toMatchObject({ traceId: 'ignored-when-an-alias-matches' });
    expect(captureLogs([python]).lines()[0]?.service).toBeUndefined();
  });

  it('reassembles lines split across stream chunks', async () => {
    const stream = new PassThrough();
    const logs = captureLogs(stream);
    cleanups.push(() => logs.stop());
    stream.write(text.slice(0, 50));
    stream.write(text.slice(50, 400));
    stream.end(text.slice(400).trimEnd());
    const line = await logs.waitFor({ message: 'listening' }, { timeoutMs: 1000 });
    expect(line.lineNumber).toBe(9);
    expect(logs.stats().lines).toBe(9);
  });

  it("captures a child process's stdout", async () => {
    const child = spawn(process.execPath, [
      '-e',
      `console.log(JSON.stringify({ level: 30, msg: 'hello', trace_id: '${TRACE}' })); console.log('plain')`,
    ]);
    const logs = captureLogs(child.stdout);
    cleanups.push(() => logs.stop());
    const line = await logs.waitFor({ traceId: TRACE }, { timeoutMs: 5000 });
    expect(line.message).toBe('hello');
    await new Promise((resolve) => child.once('close', resolve));
    expect(logs.stats()).toEqual({ lines: 2, jsonLines: 1, nonJsonLines: 1 });
  });

  it('tails a file and sees appended lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracegate-logs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'service.log');
    await writeFile(file, `${text.split('\n')[0]}\n`);
    const logs = captureLogs(file, { pollIntervalMs: 10 });
    cleanups.push(() => logs.stop());
    const waiting = logs.waitFor({ message: 'late' }, { timeoutMs: 2000 });
    await appendFile(file, '{"msg":"la');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await appendFile(file, 'te","level":"INFO"}\n');
    expect(await waiting).toMatchObject({ lineNumber: 2, level: 'info' });
  });

  it('stops waiting when its signal aborts, and a later line resolves nothing', async () => {
    const logs = captureLogs([]);
    const abort = new AbortController();
    const waiting = logs.waitFor({ message: 'late' }, { timeoutMs: 60_000, signal: abort.signal });
    abort.abort(new Error('Ctrl-C'));
    await expect(waiting).rejects.toThrow('Ctrl-C');
    logs.add(['{"msg":"late"}']);
    expect(logs.find({ message: 'late' })).toHaveLength(1);
  });

  it('times out with LOG_ASSERTION describing the query', async () => {
    const logs = captureLogs(text.split('\n'));
    const error = await logs.waitFor({ service: 'inventory' }, { timeoutMs: 10 }).catch((e: unknown) => e);
    expect(isTraceAssertionError(error, 'LOG_ASSERTION')).toBe(true);
    expect((error as Error).message).toBe(
      'no log line matched log[service = "inventory"] within 10 ms (9 lines captured, 2 not JSON)',
    );
  });
});
