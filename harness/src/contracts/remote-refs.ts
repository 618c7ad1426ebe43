import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Parser } from '@asyncapi/parser';

/** Key of the stand-in the parser receives for a remote `$ref` it could not fetch; the URL is its value. */
export const UNRESOLVED_REF = 'x-tracegate-unresolved-ref';

/** Remote `$ref` URLs mapped to local files (paths relative to `baseDir`). */
export interface RemoteRefMap {
  readonly refs: Readonly<Record<string, string>>;
  readonly baseDir: string;
}

type ParserOptions = NonNullable<ConstructorParameters<typeof Parser>[0]>;
type Resolvers = NonNullable<NonNullable<NonNullable<ParserOptions['__unstable']>['resolver']>['resolvers']>;

/**
 * Parser resolvers for http(s) `$ref`s: a mapped URL reads its local file; one that cannot be fetched becomes a
 * stand-in naming the URL, so only the schemas that need it fail, not the whole document.
 */
export function remoteRefResolvers(map: RemoteRefMap | undefined, unresolved: Set<string>): Resolvers {
  const local = (uri: { toString(): string }) => map?.refs[withoutFragment(uri.toString())];
  return ['http', 'https'].flatMap((schema) => [
    {
      schema,
      order: 1,
      canRead: (uri: { toString(): string }) => local(uri) !== undefined,
      read: (uri: { toString(): string }) => readFileSync(resolve(map?.baseDir ?? '.', local(uri) ?? ''), 'utf8'),
    },
    {
      schema,
      read: (uri: { toString(): string }) => {
        unresolved.add(uri.toString());
        return JSON.stringify({ [UNRESOLVED_REF]: uri.toString() });
      },
    },
  ]);
}

/** The remote URLs a schema needs that could not be fetched. */
export function findUnresolvedRefs(schema: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown, seen: Set<object>): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const url = (node as Record<string, unknown>)[UNRESOLVED_REF];
    if (typeof url === 'string') found.add(url);
    for (const child of Object.values(node)) visit(child, seen);
  };
  visit(schema, new Set());
  return [...found];
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
