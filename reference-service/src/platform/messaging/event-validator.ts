import { asyncapiMessage } from '@tracegate/contracts';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Checks a consumed message against its AsyncAPI channel: headers, key and payload. */
export interface EventValidator {
  /** Undefined when valid, otherwise one line naming the failing parts. */
  check(topic: string, message: { headers: unknown; key: unknown; payload: unknown }): string | undefined;
}

interface Compiled {
  readonly headers: ValidateFunction;
  readonly key: ValidateFunction;
  readonly payload: ValidateFunction;
}

function describe(part: string, errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return `${part} is invalid`;
  return `${part}${first.instancePath} ${first.message ?? 'is invalid'}`;
}

/** Compiles the schemas of the given topics from contracts/asyncapi.yaml. */
export function createEventValidator(topics: readonly string[]): EventValidator {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));
  const compiled = new Map<string, Compiled>();
  for (const topic of topics) {
    const message = asyncapiMessage(topic);
    compiled.set(topic, {
      headers: ajv.compile(message.headers ?? {}),
      key: ajv.compile(message.key ?? {}),
      payload: ajv.compile(message.payload ?? {}),
    });
  }
  return {
    check(topic, message) {
      const schemas = compiled.get(topic);
      if (!schemas) return `no AsyncAPI channel for topic ${topic}`;
      if (!schemas.headers(message.headers)) return describe('/headers', schemas.headers.errors);
      if (!schemas.key(message.key)) return describe('/key', schemas.key.errors);
      if (!schemas.payload(message.payload)) return describe('/payload', schemas.payload.errors);
      return undefined;
    },
  };
}
