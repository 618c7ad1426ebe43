import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInitCommand } from './init.ts';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function initIn(gitignore: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-init-cli-'));
  dirs.push(dir);
  if (gitignore !== undefined) writeFileSync(join(dir, '.gitignore'), gitignore);
  writeFileSync(
    join(dir, 'events.yaml'),
    "asyncapi: '3.0.0'\ninfo: { title: e, version: 1.0.0 }\nservers:\n  k: { host: b:9092, protocol: kafka }\nchannels:\n  a: { address: orders.placed }\n",
  );
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  expect(runInitCommand([dir])).toBe(0);
  return out.join('');
}

describe('tracegate init (command)', () => {
  it('names the Kafka topics it found and hints at ignoring reports/ when .gitignore does not', () => {
    const out = initIn('node_modules/\n');
    expect(out).toContain('Kafka topics: orders.placed');
    expect(out).toContain("hint: add 'reports/' to .gitignore");
  });

  it('gives no hint when .gitignore already ignores reports, and leaves .gitignore as it was', () => {
    const out = initIn('node_modules\n/reports/\n');
    expect(out).not.toContain('hint:');
    const dir = dirs[0] as string;
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\n/reports/\n');
    expect(readFileSync(join(dir, 'tracegate.config.yaml'), 'utf8')).toContain('topics: ["orders.placed"]');
  });
});
