import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  asyncapiMessage,
  asyncapiMessages,
  ContractError,
  componentSchema,
  deadLetterTopic,
  dereference,
  eventTopics,
  loadAsyncApi,
  loadOpenApi,
} from './index.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const changelog = readFileSync(new URL('../CHANGELOG.md', import.meta.url), 'utf8');

describe('documents', () => {
  it('are OpenAPI 3.1 and AsyncAPI 3.0 at version 1.0.0, recorded in the CHANGELOG', () => {
    expect(loadOpenApi().openapi).toBe('3.1.0');
    expect(loadAsyncApi().asyncapi).toBe('3.0.0');
    expect(loadOpenApi().info.version).toBe('1.0.0');
    expect(loadAsyncApi().info.version).toBe('1.0.0');
    expect(changelog).toContain(`openapi.yaml ${loadOpenApi().info.version}`);
    expect(changelog).toContain(`asyncapi.yaml ${loadAsyncApi().info.version}`);
  });

  it('documents every endpoint of the service', () => {
    expect(Object.keys(loadOpenApi().paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/openapi.json',
      '/openapi.yaml',
      '/orders',
      '/orders/{id}',
      '/orders/{id}/cancel',
    ]);
  });

  it('links createOrder to operations that exist', () => {
    const operations = Object.values(loadOpenApi().paths).flatMap((item) =>
      Object.values(item).map((op) => (op as { operationId?: string }).operationId),
    );
    const created = loadOpenApi().paths['/orders']?.post as { responses: Record<string, { links?: object }> };
    const links = Object.values(created.responses['201']?.links ?? {}) as { operationId: string }[];
    expect(links.map((link) => link.operationId).sort()).toEqual(['cancelOrder', 'getOrder']);
    for (const link of links) expect(operations).toContain(link.operationId);
  });

  it('has a Problem schema that accepts its own 422 example', () => {
    const document = loadOpenApi();
    const validate = ajv.compile(componentSchema(document, 'Problem'));
    const response = dereference(document, (document.components as Record<string, unknown>).responses) as Record<
      string,
      { content: Record<string, { example: unknown }> }
    >;
    const example = response.ValidationFailed?.content['application/problem+json']?.example;
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('asyncapiMessages', () => {
  it('lists one message per saga topic and per dead-letter topic', () => {
    const addresses = asyncapiMessages().map((message) => message.address);
    expect(addresses.filter((address) => !address.endsWith('.dlq')).sort()).toEqual([...eventTopics].sort());
    expect(addresses.filter((address) => address.endsWith('.dlq')).sort()).toEqual(
      eventTopics.map(deadLetterTopic).sort(),
    );
  });

  it.each(eventTopics)('%s has headers, payload and key schemas that accept its examples', (topic) => {
    const message = asyncapiMessage(topic);
    expect(message.headers && message.payload && message.key).toBeTruthy();
    expect(message.examples.length).toBeGreaterThan(0);
    const headers = ajv.compile(message.headers ?? {});
    const payload = ajv.compile(message.payload ?? {});
    for (const example of message.examples) {
      expect(headers(example.headers), JSON.stringify(headers.errors)).toBe(true);
      expect(payload(example.payload), JSON.stringify(payload.errors)).toBe(true);
      expect((example.headers as Record<string, string>).ce_type).toBe(`io.tracegate.${topic}`);
    }
  });

  it.each(eventTopics)('%s rejects a payload without correlationId and headers without traceparent', (topic) => {
    const message = asyncapiMessage(topic);
    const [example] = message.examples;
    const { correlationId: _c, ...payload } = (example?.payload ?? {}) as Record<string, unknown>;
    const { traceparent: _t, ...headers } = (example?.headers ?? {}) as Record<string, unknown>;
    expect(ajv.validate(message.payload ?? {}, payload)).toBe(false);
    expect(ajv.validate(message.headers ?? {}, headers)).toBe(false);
  });

  it('names an unknown channel in a typed error', () => {
    expect(() => asyncapiMessage('nope')).toThrowError(ContractError);
    expect(() => asyncapiMessage('nope')).toThrowErrorMatchingInlineSnapshot(
      `[ContractError: asyncapi.yaml has no channel with address "nope"]`,
    );
  });
});

describe('dereference', () => {
  it('rejects a $ref cycle with UNRESOLVED_REF', () => {
    const document = { a: { $ref: '#/b' }, b: { $ref: '#/a' } };
    try {
      dereference(document, document.a);
      expect.fail('expected a ContractError');
    } catch (error) {
      expect((error as ContractError).code).toBe('UNRESOLVED_REF');
    }
  });
});
