import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceConfig } from '../config/config.ts';
import { checkReadiness } from '../health/readiness.ts';
import { answerParserRejections } from '../http/client-error.ts';
import { createApp } from '../http/create-app.ts';
import { createKafka } from '../kafka/kafka-client.ts';
import { createEventProducer } from '../kafka/producer.ts';
import { topicNames } from '../kafka/topic-names.ts';
import type { Logger } from '../logging/logger.ts';
import { createLogger } from '../logging/logger.ts';
import { routeProcessWarnings } from '../logging/process-warnings.ts';
import { createMetrics, type ServiceMetrics } from '../metrics/metrics.ts';
import { activeTelemetry } from '../telemetry/sdk.ts';
import { type BrokerAdmin, createBrokerAdmin } from './broker-check.ts';
import type { ContextModule } from './context-module.ts';
import { shutdownGracefully } from './shutdown.ts';
import type { RunningContext } from './start-context.ts';
import { startContext } from './start-context.ts';

/** A started service. */
export interface RunningService {
  readonly port: number;
  readonly logger: Logger;
  /** Graceful shutdown; resolves with the exit code (0 when everything finished in time). */
  shutdown(reason: string): Promise<number>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The process-wide plumbing every context shares: logger, Kafka client, producer, topic names, broker admin. */
function createPlatform(config: ServiceConfig) {
  const logger = createLogger({
    serviceName: config.serviceName,
    serviceVersion: config.serviceVersion,
    level: config.logLevel,
  });
  routeProcessWarnings(logger);
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: config.kafka.clientId, logger });
  const producer = createEventProducer(kafka);
  const topics = topicNames(config.kafka.topicPrefix);
  const broker = createBrokerAdmin(kafka, { partitions: config.kafka.topicPartitions, names: topics });
  return { logger, kafka, producer, topics, broker };
}

/** Serves the contexts' routes, readiness (the broker and each context's checks) and metrics; resolves with the port. */
async function serveHttp(
  config: ServiceConfig,
  parts: { logger: Logger; metrics: ServiceMetrics; broker: BrokerAdmin; contexts: readonly RunningContext[] },
): Promise<{ server: Server; port: number }> {
  const { logger, contexts } = parts;
  const checks = [
    { name: 'broker', required: true, run: () => parts.broker.check() },
    ...contexts.flatMap((c) => c.checks),
  ];
  const app = createApp({
    logger,
    metrics: parts.metrics,
    bodyLimitBytes: config.http.bodyLimitBytes,
    readiness: () => checkReadiness(checks),
    routers: contexts.flatMap((context) => (context.router ? [context.router] : [])),
  });
  const server = createServer(app);
  answerParserRejections(server, logger);
  return { server, port: await listen(server, config.port) };
}

/**
 * Starts the given bounded contexts in one process: databases, relays, consumers, then the HTTP server.
 * @example const service = await startService(loadConfig(process.env), [orderContext, paymentContext]);
 */
export async function startService(config: ServiceConfig, modules: readonly ContextModule[]): Promise<RunningService> {
  const { logger, kafka, producer, topics, broker } = createPlatform(config);
  const contexts: RunningContext[] = [];
  const metrics = createMetrics(async () => {
    const entries = await Promise.all(
      contexts.map(async (context) => [context.name, await context.relay.backlog()] as const),
    );
    return Object.fromEntries(entries);
  });
  const env = { config, kafka, producer, logger, metrics, topics, prepareTopics: () => broker.prepareTopics() };
  contexts.push(...(await Promise.all(modules.map((module) => startContext(module, env)))));
  broker.prepareTopics().catch((error: unknown) => logger.warn({ err: error }, 'topics not ready yet; retried later'));
  const { server, port } = await serveHttp(config, { logger, metrics, broker, contexts });
  // Always written, whatever LOG_LEVEL says: process supervisors discover the port from this line.
  logger
    .child({}, { level: 'info' })
    .info({ port, contexts: config.contexts, otlpExport: activeTelemetry()?.exporting ?? false }, 'listening');
  return {
    port,
    logger,
    shutdown: (reason) =>
      shutdownGracefully({ reason, server, contexts, producer, broker, logger, timeoutMs: config.shutdownTimeoutMs }),
  };
}
