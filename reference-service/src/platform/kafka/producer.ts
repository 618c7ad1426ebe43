import type { IHeaders, Kafka, Producer } from 'kafkajs';
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

/** Creates the process's producer (not connected until the first send). */
export function createEventProducer(kafka: Kafka): EventProducer {
  let producer: Producer | undefined;
  let connecting: Promise<Producer> | undefined;
  let connected = false;
  let closed = false;

  async function connect(): Promise<Producer> {
    const created = newProducer(kafka, () => {
      connected = false;
    });
    await created.connect();
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

  return {
    async send(record) {
      const active = await ready();
      try {
        await active.send({
          topic: record.topic,
          messages: [{ key: record.key, value: record.value, headers: { ...record.headers } }],
        });
      } catch (error) {
        connected = false;
        await active.disconnect().catch(() => undefined);
        throw new ServiceError('BROKER_UNAVAILABLE', `publishing to ${record.topic} failed`, { cause: error });
      }
    },
    isConnected: () => connected,
    async disconnect() {
      closed = true;
      connected = false;
      await producer?.disconnect().catch(() => undefined);
    },
  };
}
