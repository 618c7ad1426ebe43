import type { TappedMessage } from '@tracegate/trace-assertions';
import { describe, expect, it } from 'vitest';
import type { AsyncApiModel, ChannelMessage } from './asyncapi-model.ts';
import { compileMessageValidator } from './message-validator.ts';
import { judgeTraffic } from './traffic-tap.ts';

const protobuf: ChannelMessage = {
  id: 'proto',
  name: 'proto',
  payload: { schema: 'message Reading {}', schemaFormat: 'application/vnd.google.protobuf;version=3', pointer: '/p' },
  examples: [],
};
const json: ChannelMessage = {
  id: 'json',
  name: 'json',
  payload: { schema: { type: 'object', required: ['id'] }, pointer: '/j' },
  examples: [],
};

function model(): AsyncApiModel {
  return {
    path: 'test.yaml',
    version: '1.0.0',
    diagnostics: [],
    channels: [
      { id: 'readings', address: 'readings', actions: new Set(['send']), messages: [protobuf] },
      { id: 'orders', address: 'orders', actions: new Set(['send']), messages: [json] },
      { id: 'quiet', address: 'quiet', actions: new Set(['send']), messages: [{ ...protobuf, id: 'quiet' }] },
    ],
  };
}

function wire(topic: string, value: string, offset: number): TappedMessage {
  return { topic, partition: 0, offset: String(offset), key: null, headers: {}, value, timestamp: 0 };
}

describe('judgeTraffic', () => {
  it('counts messages whose schema format cannot be checked as not checked, never as valid evidence alone', () => {
    const validator = compileMessageValidator(model());
    const seen = [wire('readings', 'binary', 0), wire('readings', 'binary', 1), wire('orders', '{"id":1}', 0)];
    const { checks, messages } = judgeTraffic(seen, validator, 'test.yaml');
    expect(messages).toBe(3);
    expect(checks.map((c) => [c.status, c.name])).toEqual([
      ['passed', 'Kafka traffic matches test.yaml'],
      ['skipped', 'not checked: payload of proto on readings (/p)'],
    ]);
    expect(checks[1]?.message).toContain('protobuf');
    expect(checks[1]?.message).toContain('2 message(s)');
  });

  it('fails an invalid message and says nothing of unchecked schemas on topics that stayed quiet', () => {
    const validator = compileMessageValidator(model());
    const { checks } = judgeTraffic([wire('orders', '{"name":"x"}', 4)], validator, 'test.yaml');
    expect(checks.map((c) => c.status)).toEqual(['failed', 'failed']);
    expect(checks[1]?.name).toBe('orders[0]@4 matches json of test.yaml');
    expect(checks.some((c) => c.name.includes('quiet'))).toBe(false);
  });
});
