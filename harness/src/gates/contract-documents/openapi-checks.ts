import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, validate } from '@readme/openapi-parser';
import { DocumentSyntaxError } from '../../contracts/json-text.ts';
import { readDocument } from '../../contracts/read-document.ts';
import type { RemoteRefMap } from '../../contracts/remote-refs.ts';
import { refersToOtherFiles } from '../../contracts/split-document.ts';
import type { CheckResult } from '../../report/types.ts';
import type { DocumentChecks } from './asyncapi-checks.ts';
import { exampleChecks } from './openapi-example-checks.ts';
import { checkOpenApiExamples } from './openapi-examples.ts';
import { locateSpecificationErrors } from './openapi-locate.ts';

/** Checks an OpenAPI document: valid against the OpenAPI specification, then every example against its schema. */
export async function checkOpenApiDocument(
  path: string,
  label: string,
  options: { readonly remoteRefs?: RemoteRefMap } = {},
): Promise<DocumentChecks> {
  const started = performance.now();
  const read = readStrictly(path);
  if ('error' in read) {
    const message = read.error.message;
    const check: CheckResult = { name: `${label} is a valid OpenAPI document`, status: 'failed', message };
    return { checks: [{ ...check, durationMs: elapsed(started) }], notices: [], dialects: {} };
  }
  // The parser hands a resolver object in `resolve.file` on to json-schema-ref-parser; its types say boolean only.
  const file = options.remoteRefs ? (mappedFileResolver(options.remoteRefs) as unknown as boolean) : undefined;
  const resolveOptions = file === undefined ? {} : { resolve: { file } };
  const result = await validate(path, { validate: { errors: { colorize: false } }, ...resolveOptions }).catch(
    (error: unknown) => unresolvable(error),
  );
  const inlined = read.document && refersToOtherFiles(read.document) ? await bundled(path, resolveOptions) : undefined;
  const resolved = result.valid || inlined === undefined ? undefined : await validAsBundled(inlined);
  const warnings = [...(resolved?.warnings ?? []), ...result.warnings.map((w) => w.message)];
  const validity: CheckResult =
    result.valid || resolved
      ? {
          name: `${label} is a valid OpenAPI document`,
          status: 'passed',
          durationMs: elapsed(started),
          ...(warnings.length > 0 ? { message: `warnings: ${warnings.join('; ')}` } : {}),
        }
      : invalidity(result.errors, locate(path, label), label, elapsed(started));
  if (!result.valid && !resolved) return { checks: [validity], notices: [], dialects: {} };
  // A document split over files has its examples checked with the other files inlined: many of them live there.
  const { results, notices, dialect } = checkOpenApiExamples(inlined ?? read.document ?? readDocument(path));
  const examples = exampleChecks(results, label);
  const dialects = examples.length > 0 ? { [dialect]: examples.length } : {};
  return { checks: [validity, ...examples], notices: notices.map((n) => `${label}: ${n}`), dialects };
}

/**
 * The document as data; a `.json` file that is not strict JSON (a repeated key, a trailing comma) is the error the
 * check reports, though the parser would read it. Other unreadable text is left to the parser and its messages.
 */
function readStrictly(path: string): { document?: Record<string, unknown> } | { error: DocumentSyntaxError } {
  try {
    return { document: readDocument(path) };
  } catch (error) {
    return error instanceof DocumentSyntaxError ? { error } : {};
  }
}

/**
 * The failed validity check: each field at `file:line` (when the document could be read), then the parser's own
 * messages, whose code frames show the document with its `$ref`s resolved (their line numbers are not the file's).
 */
function invalidity(errors: { message: string }[], located: string[], label: string, durationMs: number): CheckResult {
  const frames = errors.map((e) => e.message).join('\n\n');
  return {
    name: `${label} is a valid OpenAPI document`,
    status: 'failed',
    durationMs,
    message: [...located, ...errors.map((e) => firstLines(e.message))].join('\n'),
    evidence: [
      {
        kind: 'text',
        text:
          located.length > 0
            ? `${located.join('\n')}\n\nas the parser reports it (resolved document):\n\n${frames}`
            : frames,
      },
    ],
  };
}

/** The document with the other files its `$ref`s name inlined (the parser's bundle); undefined when that fails. */
async function bundled(path: string, resolveOptions: object): Promise<Record<string, unknown> | undefined> {
  const inlined = await bundle(path, resolveOptions).catch(() => undefined);
  return inlined as unknown as Record<string, unknown> | undefined;
}

/**
 * A split document that puts `$ref`s to other files where OpenAPI allows no Reference Object (an operation, a
 * description), as documents written for Redocly, Spectral or swagger-parser do (they resolve a `$ref` anywhere), and
 * that the parser cannot validate as written (it leaves such a `$ref` in place when what it names is circular): valid
 * when the same document with those files inlined is. Undefined when that is invalid too (the check then reports the
 * document as written).
 */
async function validAsBundled(inlined: Record<string, unknown>): Promise<{ warnings: string[] } | undefined> {
  const again = await validate(structuredClone(inlined) as never, { validate: { errors: { colorize: false } } }).catch(
    (error: unknown) => unresolvable(error),
  );
  if (!again.valid) return undefined;
  const note =
    '`$ref`s to other files where OpenAPI allows no Reference Object were resolved before validation, as Redocly, ' +
    'Spectral and swagger-parser do; a tool that validates the document as written rejects it';
  return { warnings: [note, ...again.warnings.map((w) => w.message)] };
}

/** The fields at fault with their lines; none when the document cannot be read as data (the parser says why). */
function locate(path: string, label: string): string[] {
  try {
    return locateSpecificationErrors(readDocument(path), path, label);
  } catch {
    return [];
  }
}

/** A document the parser could not even load (an unresolvable `$ref`, a broken file): invalid, with the reason. */
function unresolvable(error: unknown): {
  valid: false;
  warnings: { message: string }[];
  errors: { message: string }[];
} {
  const message = error instanceof Error ? error.message : String(error);
  return { valid: false, warnings: [], errors: [{ message }] };
}

/**
 * The parser's file resolver, extended so that remote URLs of `contracts.remoteRefs` read their local copies; every
 * other remote URL is left to the parser's HTTP resolver (whose failure names the URL).
 */
function mappedFileResolver(map: RemoteRefMap) {
  const mapped = (url: string): string | undefined => map.refs[url.split('#', 1)[0] ?? url];
  const isLocal = (url: string): boolean => url.startsWith('file:') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  return {
    order: 100,
    canRead: (file: { url: string }) => mapped(file.url) !== undefined || isLocal(file.url),
    read: (file: { url: string }) => {
      const local = mapped(file.url);
      if (local !== undefined) return readFile(resolve(map.baseDir, local));
      return readFile(file.url.startsWith('file:') ? fileURLToPath(file.url) : decodeURIComponent(file.url));
    },
  };
}

function firstLines(message: string): string {
  return message.split('\n').slice(0, 2).join(' ').trim();
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
