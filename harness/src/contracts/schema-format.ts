import type { JsonSchemaDialect } from './ajv-factory.ts';

/** The rules a message schema is compiled by. */
export type SchemaDialect = JsonSchemaDialect | 'asyncapi' | 'openapi-3.0' | 'avro';

/** What a `schemaFormat` (or its absence) means for checking: a dialect, or a format this toolkit does not check. */
export type ResolvedSchemaFormat =
  | { readonly supported: true; readonly dialect: SchemaDialect }
  | { readonly supported: false; readonly format: string };

const DRAFTS: readonly (readonly [RegExp, JsonSchemaDialect])[] = [
  [/draft-04/, 'draft-04'],
  [/draft-06/, 'draft-06'],
  [/draft-07/, 'draft-07'],
  [/2019-09/, '2019-09'],
  [/2020-12/, '2020-12'],
];

/**
 * Resolves a Multi Format Schema Object's `schemaFormat` (absent: the AsyncAPI Schema Object) to the dialect that
 * compiles it. A JSON Schema's own `$schema` decides the draft where the format leaves it open.
 * @example resolveSchemaFormat('application/vnd.apache.avro+json;version=1.9.0', {}) // { supported: true, dialect: 'avro' }
 */
export function resolveSchemaFormat(schemaFormat: string | undefined, schema: unknown): ResolvedSchemaFormat {
  if (schemaFormat === undefined || schemaFormat.trim() === '') return byDollarSchema(schema, 'asyncapi');
  const [mime = '', ...params] = schemaFormat.split(';').map((part) => part.trim().toLowerCase());
  const version = params.find((p) => p.startsWith('version='))?.slice('version='.length) ?? '';
  const unsupported = { supported: false, format: schemaFormat } as const;
  if (/^application\/vnd\.aai\.asyncapi(\+json|\+yaml)?$/.test(mime)) return byDollarSchema(schema, 'asyncapi');
  if (/^application\/schema(\+json|\+yaml)?$/.test(mime)) {
    if (version === '') return byDollarSchema(schema, 'draft-07');
    const draft = draftOf(version);
    return draft ? { supported: true, dialect: draft } : unsupported;
  }
  if (/^application\/vnd\.oai\.openapi(\+json|\+yaml)?$/.test(mime)) {
    if (version === '' || version.startsWith('3.0')) return { supported: true, dialect: 'openapi-3.0' };
    return version.startsWith('3.1') ? { supported: true, dialect: '2020-12' } : unsupported;
  }
  if (/^application\/vnd\.apache\.avro(\+json|\+yaml)?$/.test(mime)) {
    return version === '' || version.startsWith('1.') ? { supported: true, dialect: 'avro' } : unsupported;
  }
  return unsupported;
}

function byDollarSchema(schema: unknown, fallback: SchemaDialect): ResolvedSchemaFormat {
  const declared =
    schema !== null && typeof schema === 'object' ? (schema as Record<string, unknown>).$schema : undefined;
  const draft = typeof declared === 'string' ? draftOf(declared) : undefined;
  return { supported: true, dialect: draft ?? fallback };
}

function draftOf(text: string): JsonSchemaDialect | undefined {
  return DRAFTS.find(([pattern]) => pattern.test(text))?.[1];
}
