import { isTraceAssertionError } from '../errors.ts';
import { parseSelector } from '../query/selector-parser.ts';
import type { CountExpectation, SpanQuery } from '../types.ts';
import { parseAssertion } from './assertion-parser.ts';
import { join, type SpecReader } from './spec-reader.ts';
import type { SpanAssertion, SpanSpec } from './types.ts';

const COUNT_HELP = 'expected an integer, { exactly: n }, { atLeast: n }, { atMost: n } or { none: true }';

function readCount(reader: SpecReader, value: unknown, path: string): CountExpectation {
  if (value === undefined || value === 'some') return 'some';
  if (value === 'none') return 'none';
  if (typeof value === 'number') return { exactly: reader.integer(value, path, 0) };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reader.fail(path, COUNT_HELP);
  const record = reader.object(value, path, ['exactly', 'atLeast', 'atMost', 'none']);
  const keys = Object.keys(record);
  if (keys.length !== 1) reader.fail(path, `${COUNT_HELP}; found ${keys.length} keys`);
  if ('none' in record) {
    if (record.none !== true) reader.fail(join(path, 'none'), 'expected true');
    return 'none';
  }
  const key = keys[0] as 'exactly' | 'atLeast' | 'atMost';
  const n = reader.integer(record[key], join(path, key), 0);
  return key === 'exactly' ? { exactly: n } : key === 'atLeast' ? { atLeast: n } : { atMost: n };
}

function wrap<T>(reader: SpecReader, path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isTraceAssertionError(error)) throw error;
    return reader.fail(path, error.message, error);
  }
}

function readSpec(reader: SpecReader, value: unknown, path: string): SpanSpec {
  const record = reader.object(value, path, ['selector', 'count', 'assert', 'label'], ['selector']);
  const selector = reader.string(record.selector, join(path, 'selector'));
  const query: SpanQuery = wrap(reader, join(path, 'selector'), () => parseSelector(selector));
  const assertions: SpanAssertion[] = (
    record.assert === undefined ? [] : reader.array(record.assert, join(path, 'assert'))
  ).map((line, i) => {
    const linePath = join(join(path, 'assert'), i);
    return wrap(reader, linePath, () => parseAssertion(reader.string(line, linePath)));
  });
  const label = reader.optionalString(record.label, join(path, 'label'));
  return {
    selector,
    query,
    count: readCount(reader, record.count, join(path, 'count')),
    assertions,
    ...(label !== undefined ? { label } : {}),
  };
}

/** Validates the `specs:` list: selectors parse, counts are well formed, every assertion parses. */
export function readSpecs(reader: SpecReader, value: unknown, path: string): SpanSpec[] {
  return reader.array(value, path, { nonEmpty: true }).map((spec, i) => readSpec(reader, spec, join(path, i)));
}
