import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));
const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every import of a file, relative ones resolved to paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((match) => {
    const specifier = match[1] ?? match[2] ?? '';
    return specifier.startsWith('.') ? relative(srcDir, resolve(dirname(file), specifier)) : specifier;
  });
}

function area(path: string): string {
  const [top, second] = path.split('/');
  return top === 'contexts' ? `contexts/${second}` : (top ?? '');
}

const workspacePackages = /^@tracegate\//;

describe('module boundaries', () => {
  const files = sourceFiles(srcDir).map((file) => ({ path: relative(srcDir, file), imports: importsOf(file) }));

  it('finds the files and imports it is meant to police', () => {
    expect(files.some((file) => file.path.startsWith('contexts/order/'))).toBe(true);
    expect(files.some((file) => file.path.startsWith('contexts/payment/'))).toBe(true);
    expect(files.find((file) => file.path === 'app/contexts.ts')?.imports).toContain('contexts/order/order-context.ts');
  });

  it.each(['order', 'payment'])('contexts/%s imports no other context', (context) => {
    const offenders = files
      .filter((file) => file.path.startsWith(`contexts/${context}/`))
      .flatMap((file) =>
        file.imports
          .filter((target) => target.startsWith('contexts/') && area(target) !== `contexts/${context}`)
          .map((target) => `${file.path} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('platform imports no context and no app code', () => {
    const offenders = files
      .filter((file) => file.path.startsWith('platform/'))
      .flatMap((file) =>
        file.imports
          .filter((target) => target.startsWith('contexts/') || target.startsWith('app/'))
          .map((target) => `${file.path} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('application and domain layers import no HTTP code (the HTTP layer maps their results)', () => {
    const layer = /^contexts\/[^/]+\/(application|domain)\//;
    const offenders = files
      .filter((file) => layer.test(file.path))
      .flatMap((file) =>
        file.imports
          .filter((target) => /^contexts\/[^/]+\/http\//.test(target) || target === 'express')
          .map((target) => `${file.path} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it('imports no workspace but @tracegate/contracts', () => {
    const offenders = files.flatMap((file) =>
      file.imports
        .filter((target) => workspacePackages.test(target) && target !== '@tracegate/contracts')
        .map((target) => `${file.path} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });
});
