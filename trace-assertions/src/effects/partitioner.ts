const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 hash (the Java client's `Utils.murmur2`) of `data`, as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length % 4;
  if (rest >= 3) h ^= (data[whole + 2] ?? 0) << 16;
  if (rest >= 2) h ^= (data[whole + 1] ?? 0) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] ?? 0), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * The partition the Java client's default partitioner (and kafkajs' `DefaultPartitioner`) gives a keyed message:
 * murmur2 of the key's UTF-8 bytes, made positive, modulo the topic's partition count.
 * @example
 * defaultPartition({ key: 'order-1', partitions: 3 }) // → the partition every Kafka client co-partitions 'order-1' on
 */
export function defaultPartition(input: { key: string | Uint8Array; partitions: number }): number {
  const bytes = typeof input.key === 'string' ? new TextEncoder().encode(input.key) : input.key;
  return (murmur2(bytes) & 0x7fffffff) % input.partitions;
}
