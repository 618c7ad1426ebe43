import { createContractAjv, describeErrors } from '../asyncapi-traffic/ajv-factory.ts';
import { resolveLocalRef, toFragment, toPointer } from './json-pointer.ts';

/** One example found in an OpenAPI document, with the schema it must satisfy. */
export interface OpenApiExample {
  /** Where the example is written, as a JSON pointer. */
  readonly at: string;
  readonly value: unknown;
  /** Path segments of the schema it is checked against. */
  readonly schema: readonly (string | number)[];
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
          if (example && 'value' in example)
            found.push({ at: toPointer([...at, 'examples', name]), value: example.value, schema });
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

/** Checks each example against its schema; returns one entry per example with its errors (empty when valid). */
export function checkOpenApiExamples(document: unknown): { example: OpenApiExample; errors: string[] }[] {
  const ajv = createContractAjv({ strict: false });
  ajv.addSchema(document as object, 'openapi:document');
  return collectOpenApiExamples(document).map((example) => {
    try {
      const validate = ajv.compile({ $ref: `openapi:document${toFragment(example.schema)}` });
      return { example, errors: validate(example.value) ? [] : describeErrors('', validate.errors) };
    } catch (error) {
      return { example, errors: [`schema does not compile: ${(error as Error).message}`] };
    }
  });
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
