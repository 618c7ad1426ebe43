import { asyncapiMessage, dereference, loadOpenApi } from '@tracegate/contracts';
import type { TappedMessage } from '@tracegate/trace-assertions';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const cache = new Map<string, ValidateFunction>();

function compiled(key: string, schema: () => unknown): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(schema() as object);
    cache.set(key, validate);
  }
  return validate;
}

interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
}

/** Problems of an HTTP response against openapi.yaml: undocumented status or media type, or a body off-schema. */
export function responseProblems(options: {
  path: string;
  method: string;
  status: number;
  contentType: string | null;
  body: unknown;
}): string[] {
  const document = loadOpenApi();
  const operation = document.paths[options.path]?.[options.method.toLowerCase()] as
    | { responses: Record<string, unknown> }
    | undefined;
  if (!operation) return [`${options.method} ${options.path} is not in openapi.yaml`];
  const response = dereference(document, operation.responses[String(options.status)]) as ResponseObject | undefined;
  if (!response) return [`${options.status} is not documented for ${options.method} ${options.path}`];
  const mediaType = (options.contentType ?? '').split(';')[0]?.trim() ?? '';
  const media = response.content?.[mediaType];
  if (!media) return [`media type "${mediaType}" is not documented for ${options.status}`];
  if (media.schema === undefined) return [];
  const validate = compiled(`${options.method} ${options.path} ${options.status} ${mediaType}`, () => media.schema);
  return validate(options.body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Problems of a tapped Kafka message against its AsyncAPI channel (headers, key, payload). */
export function eventProblems(message: TappedMessage): string[] {
  const channel = asyncapiMessage(message.topic);
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([name, value]) => [name, Array.isArray(value) ? value.at(-1) : value]),
  );
  const problems: string[] = [];
  for (const [part, schema, value] of [
    ['headers', channel.headers, headers],
    ['key', channel.key, message.key],
    ['payload', channel.payload, message.json],
  ] as const) {
    const validate = compiled(`${message.topic} ${part}`, () => schema ?? {});
    if (!validate(value)) problems.push(...(validate.errors ?? []).map((e) => `${part}${e.instancePath} ${e.message}`));
  }
  return problems;
}
