import type { Logger } from './logger.ts';

/** Sends process warnings through the JSON log instead of raw stderr. */
export function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    logger.warn({ warning: { name: warning.name, message: warning.message } }, 'process warning');
  });
}
