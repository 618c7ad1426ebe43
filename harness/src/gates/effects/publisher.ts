import type { MessagePosition } from '@tracegate/trace-assertions';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

/** Publishes one message to an exact partition; resolves with where it landed. */
export type Publisher = ((message: {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Readonly<Record<string, string | readonly string[]>>;
}) => Promise<MessagePosition>) & { close(): Promise<void> };

/** A Kafka producer for the messages the harness injects (redeliveries, poison messages). */
export async function publisher(brokers: string): Promise<Publisher> {
  const kafka = new Kafka({ clientId: 'tracegate-probe', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const send = async (message: Parameters<Publisher>[0]): Promise<MessagePosition> => {
    const headers = Object.fromEntries(
      Object.entries(message.headers).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
    );
    const [meta] = await producer.send({
      topic: message.topic,
      messages: [{ partition: message.partition, key: message.key, value: message.value, headers }],
    });
    return { topic: message.topic, partition: message.partition, offset: meta?.baseOffset ?? '-1' };
  };
  return Object.assign(send, { close: () => producer.disconnect() });
}
