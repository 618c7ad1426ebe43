import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMATHESIS_VERSION } from '../src/provision/schemathesis.ts';
import { composeSchemaErrors } from './compose-schema.ts';
import { aptPackages, dockerfileProblems, type Stage, stageChain, stages } from './dockerfile.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  environment?: Record<string, string>;
  expose?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
}

/** Every environment variable name the reference service's config module reads. */
function variablesTheServiceReads(): Set<string> {
  const dir = join(root, 'reference-service/src/platform/config');
  const source = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const names = [...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'|env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] ?? m[2] ?? '');
  const perContext = /`\$\{context\.toUpperCase\(\)\}_DATABASE_URL`/.test(source)
    ? ['ORDER_DATABASE_URL', 'PAYMENT_DATABASE_URL']
    : [];
  return new Set([...names, ...perContext].filter((n) => n !== 'CONFIG_INVALID'));
}

const hostPort = (url: string) => {
  const match = /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?([\w.-]+):(\d+)/.exec(url);
  return { host: match?.[1] ?? '', port: match?.[2] ?? '' };
};

const contexts = ['order-service', 'payment-service'] as const;

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, which rejects a broken file', () => {
    // Compose resolves YAML merge keys (<<) before it validates, and so does this parse.
    expect(composeSchemaErrors(parse(read('docker-compose.yml'), { merge: true }))).toEqual([]);
    expect(composeSchemaErrors({ services: { x: { imagee: 'a:1' } } }).join('\n')).toMatch(/additional/);
  });

  it('pins every image and builds from a pinned base', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect(service.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(service.image, name).not.toMatch(/:latest$/);
    }
    expect(dockerfileProblems(read('deploy/Dockerfile'))).toEqual([]);
    const images = stages(read('deploy/Dockerfile')).map((stage) => stage.from);
    expect(images).toContain(`node:${read('.node-version').trim()}-bookworm-slim`);
    expect(images.filter((from) => /^node:/.test(from) && !from.startsWith('node:24.'))).toEqual([]);
  });

  it('gives every depends_on target a healthcheck and waits for it to be healthy', () => {
    const pairs = Object.entries(services).flatMap(([name, s]) =>
      Object.entries(s.depends_on ?? {}).map(([t, d]) => [name, t, d.condition] as const),
    );
    expect(pairs.length).toBeGreaterThan(5);
    for (const [name, target, condition] of pairs) {
      expect(services[target], `${name} → ${target}`).toBeDefined();
      expect(services[target]?.healthcheck?.test, `${target} healthcheck`).toBeDefined();
      expect(condition, `${name} → ${target}`).toBe('service_healthy');
    }
  });

  it.each(contexts)('%s sets every variable the convention needs, and only ones the service reads', (name) => {
    const env = services[name]?.environment ?? {};
    const context = name.replace('-service', '');
    const dbVar = `${context.toUpperCase()}_DATABASE_URL`;
    for (const key of [
      'PORT',
      'CONTEXTS',
      'SERVICE_NAME',
      'KAFKA_BROKERS',
      dbVar,
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'KAFKA_GROUP_ID_PREFIX',
      'LOG_LEVEL',
    ]) {
      expect(env[key], `${name}.${key}`).toBeDefined();
    }
    expect(env.CONTEXTS).toBe(context);
    expect(env.SERVICE_NAME).toBe(name);
    const reads = variablesTheServiceReads();
    for (const key of Object.keys(env))
      expect(reads, `${name} sets ${key}, which the service never reads`).toContain(key);
    const db = hostPort(env[dbVar] ?? '');
    expect(env[dbVar]).toMatch(/^postgres:\/\//);
    expect(services[db.host]?.expose).toContain(db.port);
    expect(env[dbVar]?.endsWith(`/${services[db.host]?.environment?.POSTGRES_DB}`)).toBe(true);
    const kafka = hostPort(env.KAFKA_BROKERS ?? '');
    expect(services[kafka.host]?.expose).toContain(kafka.port);
    const otlp = hostPort(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
    expect(otlp).toEqual({ host: 'otel-collector', port: '4317' });
    expect(services[name]?.expose).toContain(env.PORT);
  });

  it('wires the collector, Prometheus and Grafana to ports that exist', () => {
    const collector = parse(read('deploy/otel-collector.yaml')) as {
      receivers: { otlp: { protocols: Record<string, { endpoint: string }> } };
      exporters: Record<string, { endpoint?: string }>;
      service: { pipelines: { traces: { exporters: string[] } } };
    };
    for (const protocol of Object.values(collector.receivers.otlp.protocols)) {
      expect(services['otel-collector']?.expose).toContain(hostPort(protocol.endpoint).port);
    }
    const jaegerExport = collector.exporters['otlp/jaeger']?.endpoint ?? '';
    expect(collector.service.pipelines.traces.exporters).toContain('otlp/jaeger');
    expect(services[hostPort(jaegerExport).host]?.expose).toContain(hostPort(jaegerExport).port);

    const prometheus = parse(read('deploy/prometheus.yml')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual(['order-service:8080', 'payment-service:8080']);
    for (const target of targets) expect(services[hostPort(target).host]?.expose).toContain(hostPort(target).port);

    const datasources = parse(read('deploy/grafana/provisioning/datasources/datasources.yaml')) as {
      datasources: { url: string }[];
    };
    for (const { url } of datasources.datasources)
      expect(services[hostPort(url).host]?.expose).toContain(hostPort(url).port);
    const verify = (services.verify?.command ?? []).join(' ');
    expect(verify).toContain('--config ${TRACEGATE_CONFIG:-tracegate.config.yaml}');
    expect(
      services[hostPort(verify.slice(verify.indexOf('jaeger:http://') + 'jaeger:'.length)).host]?.expose,
    ).toContain('16686');
  });

  describe('the verify service runs every gate', () => {
    const dockerfile = stages(read('deploy/Dockerfile'));
    const chain = (target: string) => stageChain(dockerfile, target);
    const runs = (target: string) =>
      chain(target).flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args));
    const env = (target: string) =>
      Object.fromEntries(
        chain(target).flatMap((stage) =>
          stage.instructions
            .filter((i) => i.keyword === 'ENV')
            .flatMap((i) => i.args.split(' ').map((kv) => kv.split('='))),
        ),
      ) as Record<string, string>;

    it('builds the verify target as its own image; the service contexts build the production target', () => {
      const verify = services.verify;
      expect(verify?.build).toMatchObject({ dockerfile: 'deploy/Dockerfile', target: 'verify' });
      for (const name of contexts) expect(services[name]?.build?.target, name).toBe('service');
      expect(verify?.image).not.toBe(services['order-service']?.image);
      expect(chain('verify').map((stage) => stage.name)).toEqual(['base', 'verify']);
      expect(dockerfile.at(-1)?.name, 'a plain docker build gives the service image').toBe('service');
    });

    it('installs dev dependencies in verify (pact-consumers runs vitest) and production ones in service', () => {
      const root = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };
      expect(root.devDependencies).toHaveProperty('vitest');
      const verifyCi = runs('verify').filter((run) => run.includes('npm ci'));
      expect(verifyCi).toHaveLength(1);
      expect(verifyCi[0]).not.toMatch(/--omit[= ]dev|--production|--only[= ]prod/);
      expect(env('verify').NODE_ENV, 'NODE_ENV=production makes npm ci omit dev').toBeUndefined();
      expect(runs('service').filter((run) => run.includes('npm ci'))).toEqual([expect.stringContaining('--omit=dev')]);
    });

    it('gives verify Python with the pinned Schemathesis and Go for the tools the harness builds', () => {
      const verify = chain('verify').at(-1) as Stage;
      expect(aptPackages(verify)).toEqual(expect.arrayContaining(['python3', 'python3-venv']));
      const install = runs('verify').find((run) => run.includes('schemathesis==')) ?? '';
      expect(install).toContain(`schemathesis==${SCHEMATHESIS_VERSION}`);
      expect(env('verify').SCHEMATHESIS_BIN).toBe(`${/python3 -m venv (\S+)/.exec(install)?.[1]}/bin/st`);
      const copies = verify.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
      expect(copies).toContain('--from=go /usr/local/go /usr/local/go');
      expect(env('verify').PATH).toMatch(/^\/usr\/local\/go\/bin:/);
    });

    it('runs as the node user on files it owns, with host node_modules kept out of the build context', () => {
      const verify = chain('verify').at(-1) as Stage;
      const copies = verify.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
      expect(copies.filter((args) => !args.startsWith('--from=go'))).toEqual(
        copies.filter((args) => args.includes('--chown=node:node')),
      );
      expect(verify.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args)).toEqual(['node']);
      expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['**/node_modules', '.git']));
    });
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, p] as const));
    expect(published.length).toBeGreaterThanOrEqual(7);
    for (const [name, port] of published) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it('requires a Grafana admin password from the environment, with no default and no anonymous access', () => {
    const env = services.grafana?.environment ?? {};
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env).not.toHaveProperty('GF_AUTH_ANONYMOUS_ORG_ROLE');
    const example = read('deploy/compose.env.example');
    expect(example).toMatch(/^GRAFANA_ADMIN_PASSWORD=$/m);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });

  it('keeps the Prometheus lifecycle API (unauthenticated /-/quit) off', () => {
    expect(services.prometheus?.command?.join(' ')).not.toMatch(/--web\.enable-(lifecycle|admin-api)/);
  });

  it('charts only metrics the reference service exports', () => {
    const metrics = read('reference-service/src/platform/metrics/metrics.ts');
    const exported = new Set([...metrics.matchAll(/name: '([a-z_]+)'/g)].map((m) => m[1]));
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/reference-service.json')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.panels.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        'Request rate',
        'Latency p95',
        'Outbox backlog',
        'Messages consumed',
        'Messages dead-lettered',
      ]),
    );
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const used = [...expr.matchAll(/\b([a-z]+(?:_[a-z]+)+)(?=[[{)])/g)].map((m) =>
          (m[1] ?? '').replace(/_(bucket|count|sum)$/, ''),
        );
        expect(used.length, panel.title).toBeGreaterThan(0);
        for (const name of used) expect(exported, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });
});
