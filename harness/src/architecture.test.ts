// The seams ARCHITECTURE.md states, kept as a test that fails: workspaces meet only through package names and
// declared exports, and inside the harness the arrows point down (cli → verify → gates → run, config, provision, report).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.tsbuild']);
const SOURCE_FILE = /\.(?:ts|mts|mjs|js)$/;
const IMPORT_PATTERNS = [
  /(?:import|export)\s[^'"`;]*?from\s+['"]([^'"]+)['"]/g,
  /import\s+['"]([^'"]+)['"]/g,
  /import\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  /new URL\(\s*['"`]([^'"`]+)['"`]\s*,\s*import\.meta\.url/g,
];

interface PackageJson {
  readonly name: string;
  readonly workspaces?: readonly string[];
  readonly exports?: Record<string, unknown>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static and dynamic imports, re-exports and `new URL(…, import.meta.url)`. */
function specifiersOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return IMPORT_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''));
}

const workspaces = (readJson(join(repoRoot, 'package.json')).workspaces ?? []).map((dir) => ({
  dir,
  pkg: readJson(join(repoRoot, dir, 'package.json')),
}));
const byName = new Map(workspaces.map((workspace) => [workspace.pkg.name, workspace]));

/** The workspace folder a path lies in, if any. */
function workspaceOf(path: string): string | undefined {
  const [top] = relative(repoRoot, path).split(sep);
  return workspaces.find((workspace) => workspace.dir === top)?.dir;
}

/** Why a specifier written in `file` of workspace `dir` crosses a seam wrongly, or undefined. */
function violation(dir: string, file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = workspaceOf(resolve(dirname(file), specifier));
    return target && target !== dir ? `reaches into ${target}/ by path` : undefined;
  }
  const match = /^(@tracegate\/[^/]+)(\/.*)?$/.exec(specifier);
  const target = match?.[1] ? byName.get(match[1]) : undefined;
  if (!match || !target || target.dir === dir) return undefined;
  const own = byName.get(workspaces.find((workspace) => workspace.dir === dir)?.pkg.name ?? '')?.pkg;
  const declared = { ...own?.dependencies, ...own?.devDependencies };
  if (!(target.pkg.name in declared)) return `imports ${target.pkg.name} without declaring it`;
  const subpath = `.${match[2] ?? ''}`;
  return subpath in (target.pkg.exports ?? {})
    ? undefined
    : `imports ${specifier}, which ${target.pkg.name} does not export`;
}

/** Harness folders under src/ and the folders each must never import. */
const HARNESS_LAYERS: Readonly<Record<string, readonly string[]>> = {
  verify: ['cli'],
  gates: ['cli', 'verify'],
  run: ['cli', 'verify', 'gates'],
  contracts: ['cli', 'verify', 'gates'],
  config: ['cli', 'verify', 'gates'],
  provision: ['cli', 'verify', 'gates'],
  report: ['cli', 'verify', 'gates'],
};

describe('workspace seams', () => {
  const files = workspaces.flatMap(({ dir }) =>
    sourceFiles(join(repoRoot, dir)).map((file) => ({ dir, file, specifiers: specifiersOf(file) })),
  );

  it('finds the workspaces and the imports it is meant to police', () => {
    expect(workspaces.map((workspace) => workspace.dir)).toEqual(
      expect.arrayContaining(['harness', 'trace-assertions', 'contract-tests', 'reference-service', 'contracts']),
    );
    const kit = files.filter((f) => f.dir === 'contract-tests').flatMap((f) => f.specifiers);
    expect(kit).toContain('@tracegate/harness/testing');
    expect(violation('contract-tests', join(repoRoot, 'contract-tests/test/x.ts'), '../../harness/src/index.ts')).toBe(
      'reaches into harness/ by path',
    );
    expect(violation('contracts', join(repoRoot, 'contracts/src/x.ts'), '@tracegate/harness')).toBe(
      'imports @tracegate/harness without declaring it',
    );
  });

  it('each workspace imports another only by package name, declared, through an export', () => {
    const offenders = files.flatMap(({ dir, file, specifiers }) =>
      specifiers.flatMap((specifier) => {
        const why = violation(dir, file, specifier);
        return why ? [`${relative(repoRoot, file)}: ${specifier} ${why}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });

  it.each(Object.entries(HARNESS_LAYERS))('harness %s/ imports none of %j', (layer, forbidden) => {
    const srcDir = join(repoRoot, 'harness/src');
    const offenders = files
      .filter(({ file }) => relative(srcDir, file).startsWith(`${layer}${sep}`))
      .flatMap(({ file, specifiers }) =>
        specifiers
          .filter((specifier) => specifier.startsWith('.'))
          .map((specifier) => relative(srcDir, resolve(dirname(file), specifier)))
          .filter((target) => forbidden.includes(target.split(sep)[0] ?? ''))
          .map((target) => `${relative(srcDir, file)} → ${target}`),
      );
    expect(offenders).toEqual([]);
  });
});
