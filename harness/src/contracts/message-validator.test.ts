import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import type { AsyncApiModel, ChannelMessage } from './asyncapi-model.ts';
import { compileMessageValidator } from './message-validator.ts';

function model(messages: ChannelMessage[]): AsyncApiModel {
  return {
    path: 'test.yaml',
    version: '1.0.0',
    diagnostics: [],
    channels: [{ id: 'readings', address: 'readings', actions: new Set(['send']), messages }],
  };
}

const avroReading: ChannelMessage = {
  id: 'reading',
  name: 'reading',
  payload: {
    schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
    schema: {
      type: 'record',
      name: 'Reading',
      fields: [
        { name: 'sensor', type: 'string' },
        { name: 'lux', type: 'int' },
        { name: 'note', type: ['null', 'string'], default: null },
      ],
    },
    pointer: '/components/messages/reading/payload',
  },
  examples: [],
};

describe('live messages against the schemas the document compiles', () => {
  it('checks a JSON-encoded Avro payload on the wire', () => {
    const validator = compileMessageValidator(model([avroReading]));
    const wire = (value: unknown) => ({ topic: 'readings', headers: {}, value: JSON.stringify(value) });
    expect(validator.validate(wire({ sensor: 's1', lux: 3, note: null }))).toMatchObject({ ok: true });
    expect(validator.validate(wire({ sensor: 's1', lux: 'dim', note: null }))).toMatchObject({
      ok: false,
      errors: ['payload/lux must be Avro int: "dim"'],
    });
    expect(validator.validate(wire({ lux: 3, note: 'x' })).errors).toEqual(['payload/sensor is missing (Avro string)']);
  });

  it('decodes an Avro binary payload on the wire, plain or in the Confluent wire format', () => {
    const validator = compileMessageValidator(model([avroReading]));
    const type = avro.Type.forSchema(avroReading.payload?.schema as avro.Schema);
    const bytes = type.toBuffer({ sensor: 's1', lux: 3, note: null });
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 42]), bytes]);
    const wire = (valueBytes: Buffer) => ({
      topic: 'readings',
      headers: {},
      value: valueBytes.toString('utf8'),
      valueBytes,
    });
    expect(validator.validate(wire(bytes))).toMatchObject({ ok: true });
    expect(validator.validate(wire(framed))).toMatchObject({ ok: true });
    const other = avro.Type.forSchema({ type: 'record', name: 'Other', fields: [{ name: 'n', type: 'double' }] });
    expect(validator.validate(wire(other.toBuffer({ n: 1.5 })))).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^payload is neither JSON nor Avro binary of record Reading/)],
    });
  });

  it('fails only the message whose schema does not compile, naming where it is', () => {
    const broken: ChannelMessage = {
      id: 'broken',
      name: 'broken',
      payload: {
        schema: { type: 'object', properties: { a: { pattern: '(' } } },
        pointer: '/components/messages/broken/payload',
      },
      examples: [],
    };
    const validator = compileMessageValidator({
      ...model([avroReading]),
      channels: [
        ...model([avroReading]).channels,
        { id: 'other', address: 'other', actions: new Set(['send']), messages: [broken] },
      ],
    });
    expect(validator.problems).toEqual([
      expect.objectContaining({
        channel: 'other',
        messageId: 'broken',
        pointer: '/components/messages/broken/payload',
        kind: 'invalid',
      }),
    ]);
    expect(validator.validate({ topic: 'other', headers: {}, value: '{"a":"x"}' }).errors).toEqual([
      expect.stringMatching(/^payload schema does not compile: .*pattern|regular expression/i),
    ]);
    expect(validator.validate({ topic: 'readings', headers: {}, value: '{"sensor":"s","lux":1,"note":null}' }).ok).toBe(
      true,
    );
  });

  it('leaves a payload of an unsupported schema format unchecked and says so', () => {
    const protobuf: ChannelMessage = {
      id: 'proto',
      name: 'proto',
      payload: {
        schema: 'message Reading {}',
        schemaFormat: 'application/vnd.google.protobuf;version=3',
        pointer: '/p',
      },
      examples: [],
    };
    const validator = compileMessageValidator(model([protobuf]));
    expect(validator.problems).toEqual([
      expect.objectContaining({ kind: 'not-checked', reason: expect.stringContaining('protobuf') }),
    ]);
    expect(validator.validate({ topic: 'readings', headers: {}, value: 'anything' }).ok).toBe(true);
  });

  it('judges a repeated header by its last value, as the tap records it (an array)', () => {
    const withHeaders: ChannelMessage = {
      id: 'traced',
      name: 'traced',
      payload: { schema: { type: 'object' }, pointer: '/p' },
      headers: {
        schema: { type: 'object', required: ['traceparent'], properties: { traceparent: { pattern: '^00-' } } },
        pointer: '/h',
      },
      examples: [],
    };
    const validator = compileMessageValidator(model([withHeaders]));
    const wire = (traceparent: string | readonly string[]) => ({
      topic: 'readings',
      headers: { traceparent },
      value: '{}',
    });
    expect(validator.validate(wire(['bad', '00-ok'])).ok).toBe(true);
    expect(validator.validate(wire(['00-ok', 'bad'])).errors).toEqual([expect.stringContaining('traceparent')]);
  });

  it('coerces header strings for the check without changing the recorded message, and names every error', () => {
    const retried: ChannelMessage = {
      id: 'retried',
      name: 'retried',
      payload: { schema: { type: 'object', properties: { level: { enum: ['low', 'high'] } } }, pointer: '/p' },
      headers: {
        schema: {
          type: 'object',
          properties: { 'x-retries': { type: 'integer', maximum: 3 }, ce_id: { format: 'uuid' } },
        },
        pointer: '/h',
      },
      examples: [],
    };
    const validator = compileMessageValidator(model([retried]));
    const headers = { 'x-retries': '2', ce_id: '6f1c1f4e-0a53-4c56-9d2a-1f0b1c2d3e4f' };
    expect(validator.validate({ topic: 'readings', headers, value: '{"level":"low"}' }).ok).toBe(true);
    expect(headers['x-retries']).toBe('2');
    const bad = { topic: 'readings', headers: { 'x-retries': '7', ce_id: 'not-a-uuid' }, value: '{"level":"mid"}' };
    const expected = [
      'payload/level must be equal to one of the allowed values: ["low","high"]',
      'headers/x-retries must be <= 3',
      'headers/ce_id must match format "uuid"',
    ];
    expect(validator.validate(bad).errors).toEqual(expected);
    expect(validator.validate(bad).errors).toEqual(expected);
  });
});
