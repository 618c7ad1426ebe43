import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The service's Prometheus metrics, on a registry of its own. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly ordersCreated: Counter<string>;
  readonly outboxBacklog: Gauge<'context'>;
  readonly outboxPublishLatency: Histogram<'context' | 'topic'>;
  readonly messagesPublished: Counter<'topic'>;
  readonly messagesConsumed: Counter<'topic' | 'consumer' | 'outcome'>;
  readonly messagesRetried: Counter<'topic' | 'consumer'>;
  readonly messagesDeadLettered: Counter<'topic' | 'consumer' | 'reason'>;
}

type Registers = Registry[];

/** Creates the metrics; `backlog` is asked for the outbox backlog of each context at scrape time. */
export function createMetrics(backlog: () => Promise<Record<string, number>>): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return { registry, ...httpMetrics(registers), ...outboxMetrics(registers, backlog), ...messageMetrics(registers) };
}

function httpMetrics(registers: Registers): Pick<ServiceMetrics, 'httpDuration' | 'ordersCreated'> {
  return {
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    ordersCreated: new Counter({ name: 'orders_created_total', help: 'Orders created.', registers }),
  };
}

function outboxMetrics(
  registers: Registers,
  backlog: () => Promise<Record<string, number>>,
): Pick<ServiceMetrics, 'outboxBacklog' | 'outboxPublishLatency' | 'messagesPublished'> {
  return {
    outboxBacklog: new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox events not yet published, per context.',
      labelNames: ['context'],
      registers,
      async collect() {
        for (const [context, count] of Object.entries(await backlog())) this.set({ context }, count);
      },
    }),
    outboxPublishLatency: new Histogram({
      name: 'outbox_publish_latency_seconds',
      help: 'Time from the outbox write (commit) to the broker acknowledging the event.',
      labelNames: ['context', 'topic'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    }),
    messagesPublished: new Counter({
      name: 'messages_published_total',
      help: 'Events published from the outbox, per topic.',
      labelNames: ['topic'],
      registers,
    }),
  };
}

function messageMetrics(
  registers: Registers,
): Pick<ServiceMetrics, 'messagesConsumed' | 'messagesRetried' | 'messagesDeadLettered'> {
  return {
    messagesConsumed: new Counter({
      name: 'messages_consumed_total',
      help: 'Messages consumed per topic; outcome is processed, duplicate or dead_lettered.',
      labelNames: ['topic', 'consumer', 'outcome'],
      registers,
    }),
    messagesRetried: new Counter({
      name: 'messages_retried_total',
      help: 'Handler retries after a transient failure, per topic.',
      labelNames: ['topic', 'consumer'],
      registers,
    }),
    messagesDeadLettered: new Counter({
      name: 'messages_dead_lettered_total',
      help: 'Messages sent to <topic>.dlq, per original topic and reason.',
      labelNames: ['topic', 'consumer', 'reason'],
      registers,
    }),
  };
}
