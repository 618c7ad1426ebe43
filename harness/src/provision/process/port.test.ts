import { describe, expect, it } from 'vitest';
import { describePortSource, portFromLine, readinessUrl } from './port.ts';

describe('portFromLine', () => {
  it.each<[string, RegExp | string | undefined, number | undefined]>([
    ['{"level":30,"msg":"listening","port":41234}', undefined, 41234],
    ['{"port": 8080, "host":"0.0.0.0"}', undefined, 8080],
    ['{"msg":"no port here"}', undefined, undefined],
    ['{"port":99999}', undefined, undefined],
    ['Listening on http://127.0.0.1:5173/', /127\.0\.0\.1:(\d+)/, 5173],
    ['server started on port 3000', 'port (\\d+)', 3000],
  ])('%s', (line, pattern, port) => {
    expect(portFromLine(line, pattern)).toBe(port);
  });
});

describe('readinessUrl', () => {
  it.each<[{ readyUrl?: string; readyPath?: string }, number | undefined, string | undefined]>([
    [{ readyUrl: 'http://127.0.0.1:{port}/health' }, 4000, 'http://127.0.0.1:4000/health'],
    [{ readyUrl: 'http://localhost:9000/ready' }, undefined, 'http://localhost:9000/ready'],
    [{ readyPath: '/health/ready' }, 4000, 'http://127.0.0.1:4000/health/ready'],
    [{ readyPath: 'health' }, 4000, 'http://127.0.0.1:4000/health'],
    [{ readyPath: '/health' }, undefined, undefined],
    [{}, 4000, undefined],
  ])('%j on port %s', (options, port, url) => {
    expect(readinessUrl(options, port)).toBe(url);
  });
});

describe('describePortSource', () => {
  it.each([
    [{ logPattern: '"port":(\\d+)' }, 'line matching "port":(\\d+)'],
    [{ env: 'PORT' }, 'port from $PORT'],
    [{ port: 8080 }, 'port 8080'],
  ])('%j', (source, text) => {
    expect(describePortSource(source)).toBe(text);
  });
});
