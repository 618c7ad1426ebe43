import openapiSchemaToJsonSchema from '@openapi-contrib/openapi-schema-to-json-schema';
import type { Ajv as AjvCore } from 'ajv';
import avro from 'avsc';
import { createContractAjv, describeErrors, type JsonSchemaDialect, registerUnknownFormats } from './ajv-factory.ts';
import { findUnresolvedRefs } from './remote-refs.ts';
import { resolveSchemaFormat, type SchemaDialect } from './schema-format.ts';
import { stripExtensions, withoutBareNullable } from './strip-extensions.ts';

/** A schema as a document states it: the schema, its `schemaFormat` (if any), and where it is written. */
export interface SchemaSource {
  readonly schema: unknown;
  readonly schemaFormat?: string;
  /** JSON pointer of the schema in its document. */
  readonly pointer: string;
}

/** A schema ready to check data; or one this toolkit does not check; or one that does not compile (and why). */
export type CompiledSchema =
  | {
      readonly status: 'compiled';
      readonly dialect: SchemaDialect;
      check(data: unknown, part: string): string[];
      /** Decodes a binary encoding of the dialect (Avro): the data to check, or why the bytes are not one. */
      decode?(bytes: Buffer): { data: unknown } | { error: string };
    }
  | { readonly status: 'not-checked'; readonly format: string }
  | { readonly status: 'invalid'; readonly dialect?: SchemaDialect; readonly error: string };

/** Compiles message schemas, each by the rules of its own dialect; collects what it reports once (unknown formats). */
export interface SchemaCompiler {
  compile(source: SchemaSource): CompiledSchema;
  /** Informational notes: unknown formats and keywords, treated as annotations. */
  notices(): string[];
}

/**
 * One schema compiler, shared by the document checks and the live traffic validator.
 * @example createSchemaCompiler().compile({ schema: { type: 'string' }, pointer: '/components/schemas/Id' })
 */
export function createSchemaCompiler(options: { coerceTypes?: boolean } = {}): SchemaCompiler {
  const notices = new Set<string>();
  const ajvs = new Map<JsonSchemaDialect, AjvCore>();
  const ajvFor = (dialect: JsonSchemaDialect): AjvCore => {
    const existing = ajvs.get(dialect);
    if (existing) return existing;
    const notice = (text: string) => notices.add(`ignored: ${text.replace(/^strict mode: /, '')}`);
    const created = createContractAjv({ dialect, coerceTypes: options.coerceTypes ?? false, notice });
    ajvs.set(dialect, created);
    return created;
  };
  const compileJson = (dialect: JsonSchemaDialect, schema: unknown) => {
    const ajv = ajvFor(dialect);
    for (const format of registerUnknownFormats(ajv, schema))
      notices.add(`format "${format}" is not known: treated as an annotation (not checked)`);
    const validate = ajv.compile(schema as object);
    return (data: unknown, part: string) => (validate(data) ? [] : describeErrors(part, validate.errors));
  };
  return {
    compile(source) {
      const unresolved = findUnresolvedRefs(source.schema);
      if (unresolved.length > 0)
        return { status: 'invalid', error: `remote $ref could not be fetched: ${unresolved.join(', ')}` };
      const format = resolveSchemaFormat(source.schemaFormat, source.schema);
      if (!format.supported) return { status: 'not-checked', format: format.format };
      const { dialect } = format;
      try {
        if (dialect === 'avro') return { status: 'compiled', dialect, ...compileAvro(source.schema) };
        return { status: 'compiled', dialect, check: compileJson(...jsonSchemaOf(dialect, source.schema)) };
      } catch (error) {
        return { status: 'invalid', dialect, error: (error as Error).message };
      }
    },
    notices: () => [...notices],
  };
}

/**
 * The JSON Schema draft and schema that check data for a dialect (OpenAPI 3.0 schemas are converted to draft-04).
 * `x-…` extensions stay: ajv skips them as annotations, and values (`const`, `enum`) keep keys such as `x-id`.
 */
function jsonSchemaOf(dialect: Exclude<SchemaDialect, 'avro'>, schema: unknown): [JsonSchemaDialect, unknown] {
  if (dialect === 'asyncapi') return ['draft-07', withoutBareNullable(schema)];
  if (dialect !== 'openapi-3.0') return [dialect, withoutBareNullable(schema)];
  const converted = openapiSchemaToJsonSchema(schema as Record<string, unknown>, { cloneSchema: true });
  delete converted.$schema;
  return ['draft-04', converted];
}

/**
 * An Avro schema (1.9–1.12) through avsc: a check of data in Avro's JSON shape (unions unwrapped), and a decoder of
 * Avro binary — plain, or in the Confluent wire format (magic byte 0 and a 4-byte schema id before the datum).
 */
function compileAvro(schema: unknown): {
  check(data: unknown, part: string): string[];
  decode(bytes: Buffer): { data: unknown } | { error: string };
} {
  const type = avro.Type.forSchema(stripExtensions(schema) as avro.Schema, { wrapUnions: false });
  const check = (data: unknown, part: string): string[] => {
    const errors: string[] = [];
    type.isValid(data, {
      errorHook: (path, value, expected) => {
        const where = `${part}${path.map((p) => `/${p}`).join('')}`;
        errors.push(
          value === undefined
            ? `${where} is missing (Avro ${describeAvroType(expected)})`
            : `${where} must be Avro ${describeAvroType(expected)}: ${JSON.stringify(value)}`,
        );
      },
    });
    return errors;
  };
  return { check, decode: (bytes) => decodeAvro(type, bytes) };
}

function decodeAvro(type: avro.Type, bytes: Buffer): { data: unknown } | { error: string } {
  const framed = bytes.length > 5 && bytes[0] === 0 ? [bytes.subarray(5), bytes] : [bytes];
  for (const candidate of framed) {
    try {
      return { data: type.fromBuffer(candidate) };
    } catch {
      // not this framing: try the next, then report
    }
  }
  return { error: `payload is neither JSON nor Avro binary of ${describeAvroType(type)} (${bytes.length} bytes)` };
}

function describeAvroType(type: avro.Type): string {
  return type.name ? `${type.typeName} ${type.name}` : type.typeName;
}
