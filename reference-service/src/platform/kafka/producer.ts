import type { IHeaders, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { ServiceError } from '../errors.ts';

/** One record to publish. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers: IHeaders;
}

/** A producer that (re)connects on demand, so a broker outage only fails sends until it is back. */
export interface EventProducer {
  send(record: OutgoingRecord): Promise<void>;
  /** Sends records of any topics in one request per broker; each partition keeps the records' order. */
  sendBatch(records: readonly OutgoingRecord[]): Promise<void>;
  isConnected(): boolean;
  disconnect(): Promise<void>;
}

/** A kafkajs producer with few, short retries (a send fails fast while the broker is away); reports disconnects. */
function newProducer(kafka: Kafka, onDisconnect: () => void): Producer {
  const created = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  created.on(created.events.DISCONNECT, onDisconnect);
  return created;
}

function toMessage(record: OutgoingRecord): Message {
  return { key: record.key, value: record.value, headers: { ...record.headers } };
}

/** Records grouped by topic, each topic's records in the order given. */
function topicMessagesOf(records: readonly OutgoingRecord[]): TopicMessages[] {
  return [...Map.groupBy(records, (record) => record.topic)].map(([topic, group]) => ({
    topic,
    messages: group.map(toMessage),
  }));
}

/** Creates the process's producer (not connected until the first send). */
export function createEventProducer(kafka: Kafka): EventProducer {
  let producer: Producer | undefined;
  let connecting: Promise<Producer> | undefined;
  let connected = false;
  let closed = false;

  async function connect(): Promise<Producer> {
    const created = newProducer(kafka, () => {
      if (producer === created) connected = false;
    });
    await created.connect();
    // Closed while connecting: a producer kept now would hold a socket open after shutdown.
    if (closed) {
      await created.disconnect().catch(() => undefined);
      throw new ServiceError('SHUTTING_DOWN', 'the producer is closed');
    }
    connected = true;
    producer = created;
    return created;
  }

  async function ready(): Promise<Producer> {
    if (closed) throw new ServiceError('SHUTTING_DOWN', 'the producer is closed');
    if (producer && connected) return producer;
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  /** Runs one send; on failure drops the connection (the next send reconnects) and throws BROKER_UNAVAILABLE. */
  async function sending(topics: string, send: (active: Producer) => Promise<unknown>): Promise<void> {
    const active = await ready();
    try {
      await send(active);
    } catch (error) {
      // Sends run concurrently: one that fails on a producer already replaced must not drop the new one.
      if (producer === active) connected = false;
      await active.disconnect().catch(() => undefined);
      throw new ServiceError('BROKER_UNAVAILABLE', `publishing to ${topics} failed`, { cause: error });
    }
  }

  return {
    send: (record) =>
      sending(record.topic, (active) => active.send({ topic: record.topic, messages: [toMessage(record)] })),
    async sendBatch(records) {
      if (records.length === 0) return;
      const topicMessages = topicMessagesOf(records);
      const topics = topicMessages.map((entry) => entry.topic).join(', ');
      await sending(topics, (active) => active.sendBatch({ topicMessages }));
    },
    isConnected: () => connected,
    async disconnect() {
      closed = true;
      connected = false;
      await producer?.disconnect().catch(() => undefined);
    },
  };
}
