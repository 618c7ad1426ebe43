import type { Ajv as AjvCore, ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: AjvCore) => AjvCore;

/** Keywords that OpenAPI and AsyncAPI allow in a schema beside JSON Schema's own; annotations only. */
const ANNOTATIONS = ['discriminator', 'externalDocs', 'xml', 'example'];

/**
 * An ajv for contract schemas: JSON Schema 2020-12 (a superset of what AsyncAPI's draft-07 schemas use), strict about
 * unknown keywords (so a typo in a schema is an error, not a silent pass), with formats.
 */
export function createContractAjv(options: { coerceTypes?: boolean; strict?: boolean } = {}): AjvCore {
  const ajv = new Ajv2020({
    strict: options.strict ?? true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: true,
    coerceTypes: options.coerceTypes ?? false,
    logger: false,
  });
  for (const keyword of ANNOTATIONS) if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
  return addFormats(ajv as unknown as AjvCore);
}

/** ajv errors as one readable line each: `<where> <message> (<params>)`. */
export function describeErrors(prefix: string, errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = `${prefix}${error.instancePath}`;
    const extra = describeParams(error);
    return `${where} ${error.message ?? 'is invalid'}${extra}`;
  });
}

function describeParams(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if ('additionalProperty' in params) return `: "${String(params.additionalProperty)}"`;
  if ('allowedValues' in params) return `: ${JSON.stringify(params.allowedValues)}`;
  if ('allowedValue' in params) return `: ${JSON.stringify(params.allowedValue)}`;
  return '';
}
