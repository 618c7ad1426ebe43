import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { defaultPartition, murmur2 } from './partitioner.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('murmur2', () => {
  // The Java client's own vectors (Apache Kafka, clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j as the Java client does', (key, hash) => {
    expect(murmur2(bytes(key))).toBe(hash);
  });
});

describe('defaultPartition', () => {
  const partitioner = kafkajs.Partitioners.DefaultPartitioner();
  const keys = ['', 'a', 'ab', 'abc', 'order-1', '0b9f6c1e-8c1d-4f4e-9a61-3b2f0c7d5e11', 'ключ', 'x'.repeat(97)];

  it.each([1, 2, 3, 7, 12])('agrees with kafkajs DefaultPartitioner over %i partition(s)', (count) => {
    const partitionMetadata = Array.from({ length: count }, (_, id) => ({
      partitionId: id,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    for (const key of keys) {
      const theirs = partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
      expect([key, defaultPartition({ key, partitions: count })]).toEqual([key, theirs]);
    }
  });

  it('takes raw key bytes as well as text', () => {
    expect(defaultPartition({ key: bytes('order-1'), partitions: 5 })).toBe(
      defaultPartition({ key: 'order-1', partitions: 5 }),
    );
  });
});
