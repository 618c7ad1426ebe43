import { isAbsolute } from 'node:path';
import { invalidVariable } from './env-readers.ts';

/** Where a context's database lives. */
export type DatabaseLocation =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'pglite'; readonly dataDir: string }
  | { readonly kind: 'pglite-memory' };

/** Parses `postgres://…`, `postgresql://…`, `pglite:///abs/dir` or `pglite://memory`. */
export function parseDatabaseUrl(name: string, raw: string): DatabaseLocation {
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      invalidVariable(name, 'is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: raw };
  }
  if (raw === 'pglite://memory' || raw === 'pglite://memory/') return { kind: 'pglite-memory' };
  if (raw.startsWith('pglite://')) {
    const dataDir = decodeURIComponent(raw.slice('pglite://'.length));
    if (!isAbsolute(dataDir)) invalidVariable(name, 'pglite:// needs an absolute directory (pglite:///abs/dir)');
    return { kind: 'pglite', dataDir };
  }
  return invalidVariable(name, 'must start with postgres://, pglite:/// or be pglite://memory');
}

/** The URL form of a location, with any password masked, for logs. */
export function describeDatabase(location: DatabaseLocation): string {
  if (location.kind === 'pglite-memory') return 'pglite://memory';
  if (location.kind === 'pglite') return `pglite://${location.dataDir}`;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}
