import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../config/validate.ts';
import { inspectRepository } from './inspect.ts';
import { renderStarterConfig } from './render.ts';

const repo = mkdtempSync(join(tmpdir(), 'tg-init-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

mkdirSync(join(repo, 'api'));
mkdirSync(join(repo, 'pacts'));
mkdirSync(join(repo, 'node_modules', 'dep'), { recursive: true });
writeFileSync(
  join(repo, 'package.json'),
  JSON.stringify({ name: '@acme/billing', scripts: { start: 'node server.js' } }),
);
writeFileSync(
  join(repo, 'api', 'billing.yaml'),
  'openapi: 3.1.0\ninfo: { title: b, version: 1.0.0 }\npaths:\n  /invoices: {}\n  /healthz:\n    get: {}\n',
);
writeFileSync(
  join(repo, 'api', 'events.yaml'),
  [
    "asyncapi: '3.0.0'",
    'info: { title: e, version: 1.0.0 }',
    'servers:',
    '  prod: { host: broker:9092, protocol: kafka }',
    'channels:',
    '  invoiceIssued: { address: billing.invoice-issued }',
    '  perTenant: { address: "billing.{tenant}.events" }',
    '  replies: { address: null }',
    '',
  ].join('\n'),
);
writeFileSync(join(repo, 'node_modules', 'dep', 'openapi.yaml'), 'openapi: 3.0.0\n');
writeFileSync(
  join(repo, 'pacts', 'web-billing.json'),
  JSON.stringify({ consumer: { name: 'web' }, provider: { name: 'billing' }, interactions: [] }),
);
writeFileSync(join(repo, 'pacts', 'not-a-pact.json'), '{"consumer": 1}');

describe('tracegate init', () => {
  const found = inspectRepository(repo);

  it('finds contract documents and pacts, ignoring node_modules', () => {
    expect(found).toMatchObject({
      openapi: ['api/billing.yaml'],
      asyncapi: ['api/events.yaml'],
      pacts: [{ file: 'pacts/web-billing.json', consumer: 'web', provider: 'billing' }],
      pactDirs: ['pacts'],
      packageName: '@acme/billing',
      healthPath: '/healthz',
    });
  });

  it('writes a starter config the schema accepts', () => {
    const text = renderStarterConfig(found, { schemaPath: 'schema.json' });
    const config = validateConfig(parse(text), 'starter');
    expect(config.system).toBe('billing');
    expect(config.contracts?.openapi?.path).toBe('api/billing.yaml');
    expect(config.pacts).toMatchObject({ dir: 'pacts', provider: 'billing', providerService: 'billing' });
    expect(text).toContain('# found: "node server.js"');
    expect(config.services[0]?.health).toBe('/healthz');
    expect(config.kafka).toEqual({ brokers: 'provision', topics: ['billing.invoice-issued'] });
  });

  it("reads AsyncAPI 2 channel keys as topics, and leaves Kafka commented out for another protocol's documents", () => {
    const other = mkdtempSync(join(tmpdir(), 'tg-init-v2-'));
    try {
      writeFileSync(
        join(other, 'kafka.yaml'),
        "asyncapi: '2.6.0'\ninfo: { title: k, version: 1.0.0 }\nchannels:\n  user.signedup:\n    bindings: { kafka: {} }\n",
      );
      const v2 = inspectRepository(other);
      expect(v2.kafka).toEqual({ topics: ['user.signedup'], declared: true });
      writeFileSync(
        join(other, 'kafka.yaml'),
        "asyncapi: '3.0.0'\ninfo: { title: m, version: 1.0.0 }\nservers:\n  s: { host: h, protocol: mqtt }\nchannels:\n  c: { address: lights.on }\n",
      );
      const mqtt = inspectRepository(other);
      expect(mqtt.kafka).toEqual({ topics: ['lights.on'], declared: false });
      const text = renderStarterConfig(mqtt, { schemaPath: 's' });
      expect(validateConfig(parse(text), 'starter').kafka).toBeUndefined();
      expect(text).toContain('#   topics: ["lights.on"]');
      writeFileSync(
        join(other, 'mqtt.yaml'),
        "asyncapi: '2.6.0'\ninfo: { title: q, version: 1.0.0 }\nchannels:\n  user/signedup: {}\n  /: {}\n",
      );
      writeFileSync(
        join(other, 'kafka.yaml'),
        "asyncapi: '3.0.0'\ninfo: { title: k, version: 1.0.0 }\nservers:\n  k: { host: b, protocol: kafka }\nchannels:\n  a: { address: orders.placed }\n",
      );
      expect(inspectRepository(other).kafka).toEqual({ topics: ['orders.placed'], declared: true });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('links the config reference page of this repository', () => {
    const text = renderStarterConfig(found, { schemaPath: 'schema.json' });
    const page = /# Reference: https:\/\/github\.com\/tracegate\/tracegate\/blob\/main\/(\S+)/.exec(text)?.[1];
    expect(page).toBe('docs/config-reference.md');
    expect(existsSync(new URL(`../../../${page}`, import.meta.url))).toBe(true);
  });

  it('still writes a valid config for an empty repository', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tg-init-empty-'));
    try {
      const config = validateConfig(
        parse(renderStarterConfig(inspectRepository(empty), { schemaPath: 's' })),
        'starter',
      );
      expect(config.services[0]?.name).toBe('my-service');
      expect(config.gates?.schemathesis?.enabled).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('tracegate init on documents as teams publish them', () => {
  const published = mkdtempSync(join(tmpdir(), 'tg-init-published-'));
  afterAll(() => rmSync(published, { recursive: true, force: true }));
  const info = { title: 't', version: '1.0.0' };
  // Minified JSON, as API directories and generators write it.
  writeFileSync(
    join(published, 'minified.json'),
    JSON.stringify({ openapi: '3.1.0', info, paths: { '/items': {}, '/readyz': { get: {} } } }),
  );
  // Sorted keys put `components` (often megabytes) before `openapi`, as Stripe's published description does.
  const schemas = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`Thing${i}`, '{ type: object }']));
  writeFileSync(
    join(published, 'sorted.yaml'),
    `components:\n  schemas:\n${Object.entries(schemas)
      .map(([name, schema]) => `    ${name}: ${schema}\n`)
      .join('')}info: { title: s, version: 1.0.0 }\nopenapi: 3.0.0\npaths: {}\n`,
  );
  writeFileSync(
    join(published, 'sorted-events.json'),
    JSON.stringify({ channels: { a: { description: 'x'.repeat(3_000) } }, asyncapi: '3.0.0', info }),
  );
  // Larger than the 5 MB that bounds pact files: GitHub's REST description is 13 MB.
  writeFileSync(
    join(published, 'large.json'),
    JSON.stringify({ openapi: '3.0.3', info, paths: {}, 'x-notes': 'n'.repeat(6_000_000) }),
  );
  // Not documents: an `openapi:` key nested in other YAML, and Swagger 2.0.
  writeFileSync(join(published, 'values.yaml'), 'chart:\n  openapi: 3.0.0\n');
  writeFileSync(join(published, 'swagger.json'), JSON.stringify({ swagger: '2.0', info, paths: {} }));

  it('finds minified, key-sorted and large documents, and only top-level version keys', () => {
    const found = inspectRepository(published);
    expect(found.openapi).toEqual(['large.json', 'minified.json', 'sorted.yaml']);
    expect(found.asyncapi).toEqual(['sorted-events.json']);
    expect(found.healthPath).toBe('/readyz');
  });

  it('finds the minified JSON documents of the corpus (fixtures/corpus/SOURCES.md)', () => {
    const corpus = fileURLToPath(new URL('../../../fixtures/corpus/openapi/apis-guru', import.meta.url));
    expect(inspectRepository(corpus).openapi).toEqual([
      'adyen.com-BalancePlatformTransferNotification-v3.json',
      'apideck.com-vault.json',
      'azure.com-devspaces.json',
    ]);
  });
});
