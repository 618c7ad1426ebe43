import openapiSchemaToJsonSchema from '@openapi-contrib/openapi-schema-to-json-schema';
import type { Ajv as AjvCore, ValidateFunction } from 'ajv';
import {
  createContractAjv,
  describeErrors,
  type JsonSchemaDialect,
  registerUnknownFormats,
} from '../../contracts/ajv-factory.ts';
import { withoutBareNullable } from '../../contracts/strip-extensions.ts';
import { resolveLocalRef, toFragment, toPointer } from './json-pointer.ts';

/** One example found in an OpenAPI document, with the schema it must satisfy. */
export interface OpenApiExample {
  /** Where the example is written, as a JSON pointer. */
  readonly at: string;
  readonly value: unknown;
  /** Path segments of the schema it is checked against. */
  readonly schema: readonly (string | number)[];
  /** `<example $ref> against <schema $ref>` when both are references: the same check wherever else both recur. */
  readonly shared?: string;
}

type Segments = readonly (string | number)[];

/**
 * Every example of the document: media type and parameter/header `example`/`examples` (checked against the sibling
 * `schema`) and JSON Schema `examples` arrays (checked against the schema that holds them).
 */
export function collectOpenApiExamples(document: unknown): OpenApiExample[] {
  const found: OpenApiExample[] = [];
  walk(document, [], (node, at) => {
    if ('schema' in node && node.schema && typeof node.schema === 'object') {
      const schema = [...at, 'schema'];
      if ('example' in node) found.push({ at: toPointer([...at, 'example']), value: node.example, schema });
      if (isMap(node.examples)) {
        for (const [name, raw] of Object.entries(node.examples)) {
          const example = resolveExample(document, raw);
          if (!example || !('value' in example)) continue;
          const shared = sharedRefs(raw, node.schema);
          found.push({
            at: toPointer([...at, 'examples', name]),
            value: example.value,
            schema,
            ...(shared ? { shared } : {}),
          });
        }
      }
    }
    if (Array.isArray(node.examples) && looksLikeSchema(node)) {
      node.examples.forEach((value, index) => {
        found.push({ at: toPointer([...at, 'examples', index]), value, schema: at });
      });
    }
  });
  return found;
}

/** What `checkOpenApiExamples` finds: one entry per example with its errors (empty when valid), and notices. */
export interface OpenApiExampleResults {
  readonly results: { example: OpenApiExample; errors: string[] }[];
  /** Unknown formats and ignored keywords, each once. */
  readonly notices: string[];
  /** The rules the examples were checked by: OpenAPI 3.0 Schema Objects, or a JSON Schema draft (3.1). */
  readonly dialect: 'openapi-3.0' | JsonSchemaDialect;
  /** How many validators were compiled: one per distinct schema, not one per example. */
  readonly validators: number;
}

/**
 * Checks each example against its schema, by the rules of the document's version: OpenAPI 3.0 Schema Objects
 * (`nullable`, boolean `exclusiveMinimum`, …) are converted to draft-04; 3.1 uses `jsonSchemaDialect` or 2020-12.
 */
export function checkOpenApiExamples(document: unknown): OpenApiExampleResults {
  const notices = new Set<string>();
  const { dialect, schemas } = openApiSchemas(document);
  // The document itself is added as a schema (examples point into it): its own top-level keys are not keywords.
  const topLevel = new Set(Object.keys(isMap(document) ? document : {}).map((key) => `"${key}"`));
  const notice = (text: string) => {
    if (![...topLevel].some((key) => text.endsWith(`unknown keyword: ${key}`)))
      notices.add(`ignored: ${text.replace(/^strict mode: /, '')}`);
  };
  // Converted 3.0 Schema Objects never carry a draft-04 `id`; a component or property named `id` is a name.
  // Referenced schemas compiled once, as functions, not inlined again into each validator that reaches them.
  const ajv = createContractAjv({ dialect, notice, schemaId: '$id', inlineRefs: false });
  // Extensions are not schemas: APIs-guru's `x-origin: [{ format: openapi }]` names no string format.
  for (const format of registerUnknownFormats(ajv, schemas))
    notices.add(`format "${format}" is not known: treated as an annotation (not checked)`);
  ajv.addSchema(schemas as object, 'openapi:document');
  const validators = validatorCache(ajv, schemas);
  const results = collectOpenApiExamples(document).map((example) => {
    const validate = validators.get(example.schema);
    if (validate instanceof Error) {
      const at = toPointer(example.schema);
      return { example, errors: [`schema at ${at} does not compile: ${validate.message}`] };
    }
    if (validate(example.value)) return { example, errors: [] };
    const errors = describeErrors('example', validate.errors);
    return {
      example,
      errors: isJsonText(example.value) && validate(parseJson(example.value)) ? [...errors, JSON_TEXT] : errors,
    };
  });
  const version = String(isMap(document) ? document.openapi : '');
  const checked = version.startsWith('3.0') ? 'openapi-3.0' : dialect;
  return { results, notices: [...notices], dialect: checked, validators: validators.size() };
}

/**
 * One validator per schema, however many examples point at it: a schema that is only a local `$ref` counts as where
 * the reference leads, and schemas written alike (GitHub's 1,958 `{type: string}` headers) as one, unless a schema
 * above them sets `$id` (then `$ref`s inside may resolve differently and each keeps its own validator).
 */
function validatorCache(ajv: AjvCore, schemas: unknown) {
  const compiled = new Map<string, ValidateFunction | Error>();
  return {
    get(schema: Segments): ValidateFunction | Error {
      const fragment = canonicalFragment(schemas, toFragment(schema));
      const key = contentKey(schemas, fragment) ?? fragment;
      let validate = compiled.get(key);
      if (validate === undefined) {
        try {
          validate = ajv.compile({ $ref: `openapi:document${fragment}` });
        } catch (error) {
          validate = error as Error;
        }
        compiled.set(key, validate);
      }
      return validate;
    },
    size: () => compiled.size,
  };
}

/** The schema's text when nothing above it changes the base of its `$ref`s (no `$id` on the way); else undefined. */
function contentKey(schemas: unknown, fragment: string): string | undefined {
  let node: unknown = schemas;
  for (const part of fragmentParts(fragment)) {
    if (!isMap(node) && !Array.isArray(node)) return undefined;
    if (isMap(node) && '$id' in node) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node === undefined ? undefined : `schema:${JSON.stringify(node)}`;
}

function fragmentParts(fragment: string): string[] {
  return fragment
    .slice(1)
    .split('/')
    .slice(1)
    .map((p) => decodeURIComponent(p).replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The fragment a schema's chain of bare local `$ref`s (`{ $ref: '#/…' }` and nothing else) ends at. */
function canonicalFragment(schemas: unknown, fragment: string): string {
  const seen = new Set<string>();
  let at = fragment;
  for (let node = resolveLocalRef(schemas, at); isBareLocalRef(node) && !seen.has(at); ) {
    seen.add(at);
    at = node.$ref;
    node = resolveLocalRef(schemas, at);
  }
  return at;
}

function isBareLocalRef(node: unknown): node is { $ref: string } {
  return isMap(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/') && Object.keys(node).length === 1;
}

/** The document with its schemas in the JSON Schema draft that checks them. */
function openApiSchemas(document: unknown): { dialect: JsonSchemaDialect; schemas: unknown } {
  const root = isMap(document) ? document : {};
  const version = String(root.openapi ?? '');
  if (!version.startsWith('3.0')) {
    const declared = String(root.jsonSchemaDialect ?? '');
    return { dialect: declared.includes('draft-07') ? 'draft-07' : '2020-12', schemas: withoutBareNullable(document) };
  }
  return { dialect: 'draft-04', schemas: convertSchemas(document, false) };
}

/** A copy of an OpenAPI 3.0 document whose Schema Objects (under `schema` and `components.schemas`) are draft-04. */
function convertSchemas(node: unknown, isSchema: boolean): unknown {
  if (isSchema && isMap(node)) {
    const converted = openapiSchemaToJsonSchema(node, { cloneSchema: true });
    delete converted.$schema;
    return converted;
  }
  if (Array.isArray(node)) return node.map((child) => convertSchemas(child, false));
  if (!isMap(node)) return node;
  // Examples are read from the document as written; left out here, their `id` keys cannot clash as draft-04 ids.
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'example' && key !== 'examples')
      .map(([key, child]) => {
        if (key === 'schemas' && isMap(child))
          return [key, Object.fromEntries(Object.entries(child).map(([n, s]) => [n, convertSchemas(s, true)]))];
        return [key, convertSchemas(child, key === 'schema')];
      }),
  );
}

/** Said of an example whose string holds JSON that would match: a common slip when documents are generated. */
const JSON_TEXT = 'the example is a string holding JSON that matches the schema: write the value, not its text';

function isJsonText(value: unknown): value is string {
  return typeof value === 'string' && /^\s*[[{]/.test(value) && parseJson(value) !== undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sharedRefs(example: unknown, schema: unknown): string | undefined {
  const ref = (node: unknown) => (isMap(node) && typeof node.$ref === 'string' ? node.$ref : undefined);
  const [exampleRef, schemaRef] = [ref(example), ref(schema)];
  return exampleRef && schemaRef && Object.keys(schema as object).length === 1
    ? `${exampleRef} against ${schemaRef}`
    : undefined;
}

function resolveExample(document: unknown, raw: unknown): Record<string, unknown> | undefined {
  const node = isMap(raw) && typeof raw.$ref === 'string' ? resolveLocalRef(document, raw.$ref) : raw;
  return isMap(node) ? node : undefined;
}

function looksLikeSchema(node: Record<string, unknown>): boolean {
  return ['type', 'properties', 'items', 'allOf', 'oneOf', 'anyOf', 'enum', 'const', '$ref'].some((k) => k in node);
}

function walk(node: unknown, at: Segments, visit: (node: Record<string, unknown>, at: Segments) => void): void {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) walk(child, [...at, index], visit);
    return;
  }
  if (!isMap(node)) return;
  visit(node, at);
  for (const [key, child] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    walk(child, [...at, key], visit);
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
