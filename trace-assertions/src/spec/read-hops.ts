import type { Hop } from '../chain/types.ts';
import { isTraceAssertionError } from '../errors.ts';
import { parseSelector } from '../query/selector-parser.ts';
import { join, type SpecReader } from './spec-reader.ts';

const KEYS: Readonly<Record<Hop['kind'], { known: readonly string[]; required: readonly string[] }>> = {
  'http-server': { known: ['service', 'route', 'method'], required: ['service'] },
  'http-client': { known: ['service'], required: ['service'] },
  'kafka-publish': { known: ['service', 'topic'], required: ['service', 'topic'] },
  'kafka-consume': { known: ['service', 'topic'], required: ['service', 'topic'] },
  log: { known: ['service', 'message', 'level'], required: ['service'] },
  span: { known: ['query'], required: ['query'] },
};

function readHop(reader: SpecReader, value: unknown, path: string): Hop {
  const kind = reader.object(
    value,
    path,
    ['kind', 'label', ...new Set(Object.values(KEYS).flatMap((k) => k.known))],
    ['kind'],
  ).kind;
  if (typeof kind !== 'string' || !(kind in KEYS)) {
    reader.fail(join(path, 'kind'), `expected one of ${Object.keys(KEYS).join(', ')}, found ${JSON.stringify(kind)}`);
  }
  const shape = KEYS[kind as Hop['kind']];
  const record = reader.object(value, path, ['kind', 'label', ...shape.known], ['kind', ...shape.required]);
  const hop: Record<string, unknown> = { kind };
  for (const key of ['label', ...shape.known]) {
    const text = reader.optionalString(record[key], join(path, key));
    if (text !== undefined) hop[key] = text;
  }
  if (kind === 'span') {
    try {
      parseSelector(hop.query as string);
    } catch (error) {
      if (!isTraceAssertionError(error)) throw error;
      reader.fail(join(path, 'query'), error.message, error);
    }
  }
  return hop as unknown as Hop;
}

/** Validates the `chain:` list of a spec into correlation-chain hops. */
export function readHops(reader: SpecReader, value: unknown, path: string): Hop[] {
  return reader.array(value, path, { nonEmpty: true }).map((hop, i) => readHop(reader, hop, join(path, i)));
}
