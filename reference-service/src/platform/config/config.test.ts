import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.ts';
import { loadConfig } from './config.ts';

const base = { KAFKA_BROKERS: 'localhost:9092' };

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(base, '/srv/app');
    expect(config).toMatchObject({
      port: 8080,
      contexts: ['order', 'payment'],
      serviceName: 'reference-service',
      deploymentEnvironment: 'development',
      otlpEndpoint: undefined,
      logLevel: 'info',
      paymentAmountLimit: 1_000_000,
      kafka: { brokers: ['localhost:9092'], clientId: 'reference-service', groupIdPrefix: '', fromBeginning: true },
      databases: {
        order: { kind: 'pglite', dataDir: '/srv/app/.data/order-db' },
        payment: { kind: 'pglite', dataDir: '/srv/app/.data/payment-db' },
      },
    });
    expect(config.serviceVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    ['order', 'order-service'],
    ['payment', 'payment-service'],
    ['payment,order', 'reference-service'],
  ])('CONTEXTS=%s defaults SERVICE_NAME to %s and opens only its databases', (contexts, serviceName) => {
    const config = loadConfig({ ...base, CONTEXTS: contexts }, '/srv/app');
    expect(config.serviceName).toBe(serviceName);
    expect(Object.keys(config.databases).sort()).toEqual(contexts.split(',').sort());
  });

  it('reads every database URL form', () => {
    const config = loadConfig({
      ...base,
      ORDER_DATABASE_URL: 'postgres://u:p@db:5432/orders',
      PAYMENT_DATABASE_URL: 'pglite://memory',
    });
    expect(config.databases.order).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/orders' });
    expect(config.databases.payment).toEqual({ kind: 'pglite-memory' });
    expect(loadConfig({ ...base, ORDER_DATABASE_URL: 'pglite:///var/lib/orders' }).databases.order).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/orders',
    });
  });

  it.each([
    [{}, 'missing environment variable KAFKA_BROKERS'],
    [{ ...base, PORT: 'http' }, 'invalid environment variable PORT: "http" is not an integer'],
    [{ ...base, PORT: '70000' }, 'invalid environment variable PORT: 70000 is outside 0..65535'],
    [
      { ...base, CONTEXTS: 'order,shipping' },
      'invalid environment variable CONTEXTS: unknown context "shipping" (order, payment)',
    ],
    [
      { ...base, LOG_LEVEL: 'loud' },
      'invalid environment variable LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      { ...base, ORDER_DATABASE_URL: 'mysql://x' },
      'invalid environment variable ORDER_DATABASE_URL: must start with postgres://, pglite:/// or be pglite://memory',
    ],
    [
      { ...base, PAYMENT_DATABASE_URL: 'pglite://relative/dir' },
      'invalid environment variable PAYMENT_DATABASE_URL: pglite:// needs an absolute directory (pglite:///abs/dir)',
    ],
    [
      { ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' },
      'invalid environment variable OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" must be http:// or https://',
    ],
    [
      { ...base, PAYMENT_AMOUNT_LIMIT: '-1' },
      'invalid environment variable PAYMENT_AMOUNT_LIMIT: -1 is outside 0..9007199254740991',
    ],
    [
      { ...base, KAFKA_BROKERS: 'a:1,,b:2' },
      'invalid environment variable KAFKA_BROKERS: "a:1,,b:2" has an empty item',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(failure(env as Record<string, string>)).toBe(message);
  });

  it('accepts PORT=0 (any free port)', () => {
    expect(loadConfig({ ...base, PORT: '0' }).port).toBe(0);
  });
});
