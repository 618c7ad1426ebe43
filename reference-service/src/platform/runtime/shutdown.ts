import type { Server } from 'node:http';
import type { EventProducer } from '../kafka/producer.ts';
import type { Logger } from '../logging/logger.ts';
import { activeTelemetry } from '../telemetry/sdk.ts';
import type { BrokerAdmin } from './broker-check.ts';
import type { RunningContext } from './start-context.ts';

/** What a graceful shutdown stops, in order. */
export interface ShutdownParts {
  readonly reason: string;
  readonly server: Server;
  readonly contexts: readonly RunningContext[];
  readonly producer: EventProducer;
  readonly broker: BrokerAdmin;
  readonly logger: Logger;
  readonly timeoutMs: number;
}

function closeServer(server: Server, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => {
        server.closeAllConnections();
        resolve(false);
      },
      Math.max(0, deadline - Date.now()),
    );
    server.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
    server.closeIdleConnections();
  });
}

/**
 * Stop accepting → finish in-flight requests → leave consumer groups → drain outboxes → close databases
 * → flush spans. Resolves with 0 when all of it fit in `timeoutMs`, 1 otherwise.
 */
export async function shutdownGracefully(parts: ShutdownParts): Promise<number> {
  const { logger } = parts;
  const started = Date.now();
  const deadline = started + parts.timeoutMs;
  logger.info({ reason: parts.reason, timeoutMs: parts.timeoutMs }, 'shutting down');
  let clean = await closeServer(parts.server, deadline);
  await Promise.all(parts.contexts.map((context) => context.stopConsuming()));
  await Promise.all(parts.contexts.map((context) => context.stop(deadline)));
  await parts.producer.disconnect();
  await parts.broker.close();
  if (Date.now() > deadline) clean = false;
  logger.info({ durationMs: Date.now() - started, clean }, 'shutdown complete');
  await activeTelemetry()
    ?.shutdown()
    .catch(() => undefined);
  return clean ? 0 : 1;
}
