import type { IHeaders, Producer } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';

/** A plain kafkajs producer for tests that inject messages (duplicates, poison). */
export async function testProducer(brokers: string): Promise<Producer & { close(): Promise<void> }> {
  const kafka = new Kafka({
    clientId: 'reference-service-test',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  return Object.assign(producer, { close: () => producer.disconnect() });
}

/** Tapped headers back to Kafka headers. */
export function toKafkaHeaders(headers: Readonly<Record<string, string | readonly string[]>>): IHeaders {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? String(value.at(-1)) : String(value)]),
  );
}
