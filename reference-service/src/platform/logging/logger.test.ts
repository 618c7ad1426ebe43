import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withCorrelationId } from '../telemetry/correlation.ts';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ serviceName: 'order-service', serviceVersion: '9.9.9', level: 'info', destination });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

describe('createLogger', () => {
  it('writes service identity, level label, msg and the correlation id of the async context', () => {
    const { logger, records } = capture();
    withCorrelationId('req-1', () => logger.info({ orderId: 'o-1' }, 'order created'));
    expect(records()[0]).toMatchObject({
      level: 'info',
      msg: 'order created',
      'service.name': 'order-service',
      'service.version': '9.9.9',
      correlation_id: 'req-1',
      orderId: 'o-1',
    });
  });

  it('redacts authorization and cookie headers', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer secret', cookie: 'sid=secret', accept: '*/*' } } }, 'req');
    expect(lines.join('\n')).not.toContain('secret');
    expect(JSON.parse(lines[0] ?? '{}').req.headers).toEqual({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      accept: '*/*',
    });
  });

  it('keeps one record per line whatever a user string contains', () => {
    const { logger, lines, records } = capture();
    const hostile = 'evil\n{"level":"fatal","msg":"forged"}\r\n\u2028\u0000"}';
    logger.info({ customerId: hostile }, hostile);
    expect(lines).toHaveLength(1);
    expect(records()[0]?.msg).toBe(hostile);
    expect(records()[0]?.customerId).toBe(hostile);
  });
});
