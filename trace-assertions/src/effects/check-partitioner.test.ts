import { describe, expect, it } from 'vitest';
import type { TappedMessage } from '../kafka/types.ts';
import { checkEffects } from './check-effects.ts';
import { defaultPartition } from './partitioner.ts';
import type { EffectContracts } from './types.ts';

function message(key: string | null, partition: number, offset = '0'): TappedMessage {
  const json = { orderId: key };
  return {
    topic: 'order.created',
    partition,
    offset,
    key,
    headers: {},
    value: JSON.stringify(json),
    json,
    timestamp: 1,
  };
}

const contracts: EffectContracts = { messages: [{ topic: 'order.created', partitioner: 'murmur2' }] };
const counts = { 'order.created': 3 };
const home = (key: string): number => defaultPartition({ key, partitions: 3 });

describe('checkEffects: partitioner rule', () => {
  it('passes when every keyed message landed on its key partition; keyless messages are not checked', () => {
    const messages = ['o-1', 'o-2', 'o-3', 'o-4'].map((key, i) => message(key, home(key), String(i)));
    const keyless = message(null, (home('o-1') + 1) % 3, '9');
    const result = checkEffects({
      contracts,
      exchanges: [],
      messages: [...messages, keyless],
      partitionCounts: counts,
    });
    expect(result).toEqual({ ok: true });
  });

  it('fails naming topic, partition and key, expected vs actual, when a message left its key partition', () => {
    const wrong = (home('o-1') + 1) % 3;
    const result = checkEffects({
      contracts,
      exchanges: [],
      messages: [message('o-1', wrong, '4'), message('o-2', home('o-2'), '5')],
      partitionCounts: counts,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [issue, ...rest] = result.issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      code: 'MESSAGE_ON_WRONG_PARTITION',
      path: 'order.created: partition',
      expected: `partition ${home('o-1')} of 3 for key "o-1"`,
      actual: `partition ${wrong}`,
    });
    expect(issue?.message).toBe(
      `message order.created[${wrong}]@4 with key "o-1" landed on partition ${wrong} of order.created; the murmur2 partitioner (murmur2(key) mod 3) puts that key on partition ${home('o-1')}`,
    );
  });

  it('says so when the topic partition count is unknown, rather than passing', () => {
    const result = checkEffects({ contracts, exchanges: [], messages: [message('o-1', 0)] });
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.expected])).toEqual([
      ['PARTITION_COUNT_UNKNOWN', "partitionCounts['order.created']"],
    ]);
  });
});
