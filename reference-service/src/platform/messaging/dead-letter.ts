import { deadLetterTopic } from '@tracegate/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { OutgoingRecord } from '../kafka/producer.ts';

/** Where a message came from and why it is dead. */
export interface DeadLetterCause {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly consumerGroup: string;
  readonly reason: string;
  readonly now?: Date;
}

const maxReasonLength = 1_024;

/** The `<topic>.dlq` record: original key, value and headers, plus the `x-dlq-*` headers. */
export function deadLetterRecord(cause: DeadLetterCause): OutgoingRecord {
  const headers: IHeaders = {
    ...cause.message.headers,
    'x-dlq-reason': cause.reason.slice(0, maxReasonLength),
    'x-dlq-original-topic': cause.topic,
    'x-dlq-original-partition': String(cause.partition),
    'x-dlq-original-offset': cause.message.offset,
    'x-dlq-consumer-group': cause.consumerGroup,
    'x-dlq-failed-at': (cause.now ?? new Date()).toISOString(),
  };
  return { topic: deadLetterTopic(cause.topic), key: cause.message.key, value: cause.message.value, headers };
}
