import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('.env.example', () => {
  it('documents every variable the service reads', () => {
    const documented = new Set(
      readFileSync(join(root, '.env.example'), 'utf8')
        .split('\n')
        .flatMap((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []),
    );
    const read = new Set(
      tsFiles(join(root, 'src')).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/\b(?:env, |env\.)'?([A-Z][A-Z0-9_]{2,})'?/g)].map(
          (match) => match[1] ?? '',
        ),
      ),
    );
    for (const context of ['ORDER', 'PAYMENT']) read.add(`${context}_DATABASE_URL`);
    expect(read.size).toBeGreaterThan(15);
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });
});
