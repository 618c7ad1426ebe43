import { selectContexts } from './app/contexts.ts';
import type { ServiceConfig } from './platform/config/config.ts';
import { loadConfig } from './platform/config/config.ts';
import { startService } from './platform/runtime/start-service.ts';

let config: ServiceConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

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
