import { selectContexts } from './app/contexts.ts';
import type { ServiceConfig } from './platform/config/config.ts';
import { loadConfig } from './platform/config/config.ts';
import { startService } from './platform/runtime/start-service.ts';
import { activeTelemetry } from './platform/telemetry/sdk.ts';
import { propagateWithoutRecording } from './platform/telemetry/trace-context.ts';

let config: ServiceConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

// Started without the telemetry preload: events still carry the W3C trace context their contract requires.
if (activeTelemetry() === undefined) propagateWithoutRecording();

try {
  const service = await startService(config, selectContexts(config.contexts));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The bound holds even if a step hangs.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 2_000).unref();
    service
      .shutdown(signal)
      .then((code) => process.exit(code))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  console.error(`startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
