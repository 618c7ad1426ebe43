import type { Logger } from './logger.ts';

/** kafkajs 2.2.4 schedules `setTimeout(fn, negative)` while unthrottled; Node ≥ 23 warns, the timer still fires. */
const knownBenign = new Set(['TimeoutNegativeWarning']);

/** Sends process warnings through the JSON log instead of raw stderr, dropping known-benign ones. */
export function routeProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (knownBenign.has(warning.name)) return;
    logger.warn({ warning: { name: warning.name, message: warning.message } }, 'process warning');
  });
}
