/** A JSON Schema as plain data. */
export type Schema = Record<string, unknown>;

/**
 * A deep copy without `x-…` keys (the parser's `x-parser-*` and user extensions), for readers other than the contract
 * ajv (which skips extensions itself): Avro schemas through avsc. Property *names* under `properties` are kept even
 * when they start with `x-` (e.g. the header `x-correlation-id`).
 */
export function stripExtensions(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (Array.isArray(value)) return value.map((item) => stripExtensions(item, seen));
  if (value === null || typeof value !== 'object') return value;
  const cached = seen.get(value);
  if (cached) return cached;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    copy[key] = isNameMap(key) ? stripMap(child, seen) : stripExtensions(child, seen);
  }
  return copy;
}

const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

function isNameMap(key: string): boolean {
  return NAME_MAPS.has(key);
}

function stripMap(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return stripExtensions(value, seen);
  return Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, stripExtensions(schema, seen)]));
}

/**
 * A deep copy without `nullable` where a schema has no `type`: OpenAPI 3.0's keyword, an annotation in JSON Schema,
 * which ajv reads as its own and refuses to compile without `type` (`nullable` beside `allOf`/`$ref` is common).
 * Maps of names (`properties`, …) are not schemas themselves: a property named `nullable` stays.
 */
export function withoutBareNullable(value: unknown, isMapOfNames = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutBareNullable(item));
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const bare = !isMapOfNames && typeof node.nullable === 'boolean' && !('type' in node);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !(bare && key === 'nullable'))
      .map(([key, child]) => [
        key,
        key === 'example' || key === 'examples' ? child : withoutBareNullable(child, !isMapOfNames && isNameMap(key)),
      ]),
  );
}
