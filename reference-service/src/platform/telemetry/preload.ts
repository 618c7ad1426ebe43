// Loaded with `node --import`: registers the ESM hook and starts the SDK before the app is imported,
// so express, kafkajs, pg and pino are patched when the app imports them.
import { register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const { loadTelemetryConfig } = await import('../config/config.ts');
const { startTelemetry } = await import('./sdk.ts');

try {
  startTelemetry(loadTelemetryConfig(process.env));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
