import type { KafkaMessage } from 'kafkajs';
import type { Database, Queryable } from '../db/database.ts';
import { PermanentError } from '../errors.ts';
import { decodeHeaders } from '../kafka/headers.ts';
import type { EventProducer } from '../kafka/producer.ts';
import type { TopicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import type { ServiceMetrics } from '../metrics/metrics.ts';
import { backoffDelay, sleep } from '../retry/backoff.ts';
import { correlationHeader, resolveCorrelationId, withCorrelationId } from '../telemetry/correlation.ts';
import { deadLetterRecord } from './dead-letter.ts';
import type { EventValidator } from './event-validator.ts';
import type { InboundEvent, Subscription } from './inbound-event.ts';

/** Options of {@link createMessageProcessor}. */
export interface MessageProcessorOptions {
  readonly consumerGroup: string;
  readonly db: Database;
  readonly subscriptions: readonly Subscription[];
  readonly validator: EventValidator;
  readonly producer: EventProducer;
  readonly topics: TopicNames;
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  /** Called after a handler's transaction commits (kicks the outbox relay). */
  readonly afterCommit: () => void;
  /** Aborted on shutdown: a message waiting to be retried is left uncommitted for redelivery. */
  readonly signal: AbortSignal;
}

/** What happened to one message. */
export type ProcessOutcome = 'processed' | 'duplicate' | 'dead_lettered';

/** The raw delivery kafkajs hands to `eachMessage`. */
export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

function parse(delivery: Delivery, topic: string): { event?: InboundEvent; invalid?: string } {
  const headers = decodeHeaders(delivery.message.headers);
  const key = delivery.message.key?.toString('utf8') ?? null;
  let payload: unknown;
  try {
    payload = JSON.parse(delivery.message.value?.toString('utf8') ?? '');
  } catch {
    return { invalid: 'invalid-message: the value is not JSON' };
  }
  const event: InboundEvent = {
    id: headers.ce_id ?? '',
    topic,
    key,
    headers,
    payload,
    correlationId: resolveCorrelationId(headers[correlationHeader]),
    partition: delivery.partition,
    offset: delivery.message.offset,
  };
  return { event };
}

/** A message that passed validation, with the subscription that handles it. */
interface Admitted {
  readonly event: InboundEvent;
  readonly handler: Subscription;
}

/** Parses and validates a delivery against its topic's subscription; a reason when it is poison. */
function admit(
  delivery: Delivery,
  topic: string,
  handlers: ReadonlyMap<string, Subscription>,
  validator: EventValidator,
): Admitted | { readonly reason: string } {
  const { event, invalid } = parse(delivery, topic);
  const handler = handlers.get(topic);
  const problem =
    invalid ??
    (handler ? undefined : `no handler for topic ${topic}`) ??
    validator.check(topic, { headers: event?.headers, key: event?.key, payload: event?.payload });
  if (problem === undefined && event && handler) return { event, handler };
  return { reason: problem?.startsWith('invalid-message') ? (problem as string) : `invalid-message: ${problem}` };
}

/** Sends a delivery to the dead-letter topic with its reason, counted and logged. */
function deadLetterer(options: MessageProcessorOptions) {
  const { logger, metrics, consumerGroup } = options;
  return async (delivery: Delivery, reason: string, code: string): Promise<ProcessOutcome> => {
    await options.producer.send(deadLetterRecord({ ...delivery, consumerGroup, reason }));
    metrics.messagesDeadLettered.inc({
      topic: options.topics.address(delivery.topic),
      consumer: consumerGroup,
      reason: code,
    });
    logger.error(
      { topic: delivery.topic, partition: delivery.partition, offset: delivery.message.offset, reason },
      'message dead-lettered',
    );
    return 'dead_lettered';
  };
}

/** Runs the handler and records the event as processed in one transaction; `duplicate` if it was already. */
function applyOnce(
  options: MessageProcessorOptions,
  event: InboundEvent,
  handler: Subscription,
): Promise<ProcessOutcome> {
  return options.db.transaction(async (tx: Queryable) => {
    const recorded = await tx.query(
      'INSERT INTO processed_events (consumer, event_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id',
      [options.consumerGroup, event.id, event.topic],
    );
    if (recorded.length === 0) return 'duplicate';
    await handler.handle(event, tx);
    return 'processed';
  });
}

/** Applies an admitted event, retrying transient failures with backoff; dead-letters permanent and exhausted ones. */
function retrier(options: MessageProcessorOptions, deadLetter: ReturnType<typeof deadLetterer>) {
  const { logger, metrics, consumerGroup } = options;
  return async (delivery: Delivery, { event, handler }: Admitted): Promise<ProcessOutcome> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const outcome = await applyOnce(options, event, handler);
        if (outcome === 'processed') options.afterCommit();
        return outcome;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof PermanentError) return deadLetter(delivery, `permanent-failure: ${reason}`, 'permanent');
        if (attempt >= options.retry.maxAttempts) {
          return deadLetter(delivery, `retries-exhausted after ${attempt} attempts: ${reason}`, 'retries_exhausted');
        }
        const delay = backoffDelay(attempt, options.retry);
        metrics.messagesRetried.inc({ topic: event.topic, consumer: consumerGroup });
        logger.warn(
          { err: error, topic: delivery.topic, eventId: event.id, attempt, retryInMs: delay },
          'handler failed, retrying',
        );
        await sleep(delay, options.signal);
      }
    }
  };
}

/**
 * Validates, de-duplicates (processed-event record written in the handler's transaction), retries transient
 * failures with backoff and jitter, and dead-letters poison messages; never throws for a bad message.
 */
export function createMessageProcessor(options: MessageProcessorOptions) {
  const { logger, metrics, consumerGroup } = options;
  const handlers = new Map(options.subscriptions.map((subscription) => [subscription.topic as string, subscription]));
  const deadLetter = deadLetterer(options);
  const withRetries = retrier(options, deadLetter);

  async function process(delivery: Delivery): Promise<ProcessOutcome> {
    const topic = options.topics.address(delivery.topic);
    const admitted = admit(delivery, topic, handlers, options.validator);
    if ('reason' in admitted) {
      metrics.messagesConsumed.inc({ topic, consumer: consumerGroup, outcome: 'dead_lettered' });
      return deadLetter(delivery, admitted.reason, 'invalid');
    }
    const { event } = admitted;
    return withCorrelationId(event.correlationId, async () => {
      const outcome = await withRetries(delivery, admitted);
      metrics.messagesConsumed.inc({ topic, consumer: consumerGroup, outcome });
      if (outcome === 'duplicate') logger.info({ topic: event.topic, eventId: event.id }, 'duplicate event skipped');
      return outcome;
    });
  }

  return { process };
}

/** The processor {@link createMessageProcessor} returns. */
export type MessageProcessor = ReturnType<typeof createMessageProcessor>;
