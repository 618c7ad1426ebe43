import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';
import { closest } from './suggest.ts';

const dir = mkdtempSync(join(tmpdir(), 'tg-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Loads a YAML config from a file and returns its error message with the directory replaced by <dir>. */
async function errorOf(yaml: string, name = 'tracegate.config.yaml'): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  const error = await loadConfig(file).then(
    () => undefined,
    (e: Error) => e,
  );
  if (!error) throw new Error('expected the config to be rejected');
  return error.message.replaceAll(dir, '<dir>');
}

const head = 'system: s\ndatabases: [orders]\nservices:\n  - name: orders\n';

describe('config errors point at file:line:column', () => {
  it('reads a .json config as strict JSON: a trailing comma is placed, not read as YAML', async () => {
    const json = '{\n  "system": "s",\n  "services": [],\n}\n';
    expect(await errorOf(json, 'tracegate.config.json')).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.json:3:17: invalid JSON: trailing comma before "}" (JSON allows none)
          "services": [],
                        ^"
    `);
  });

  it('names an unknown key with the key it is probably a typo of', async () => {
    expect(await errorOf(`${head}    baseUrl: http://127.0.0.1:1\n    helth: /h\n`)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:6:5: services[0].helth: unknown key (did you mean "health"?)"
    `);
  });

  it('suggests the nearest enum value', async () => {
    expect(await errorOf(`${head}    baseUrl: http://x\ntraces:\n  backend: recevier\n`)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:7:12: traces.backend: must be one of receiver, jaeger, tempo (did you mean "receiver"?)"
    `);
  });

  it('finds a mistyped placeholder before anything is provisioned, at its column', async () => {
    const yaml = `${head}    start:\n      command: [node, main.js]\n      env:\n        KAFKA_BROKERS: \${kafka.broker}\n        DB: "url=\${database.order}"\n        HOME_DIR: \${env.HOME}\n        SELF: \${services.orders.url}\n`;
    expect(await errorOf(yaml)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:8:24: services[0].start.env.KAFKA_BROKERS: unknown placeholder \${kafka.broker} (did you mean \${kafka.brokers}?)
        <dir>/tracegate.config.yaml:9:18: services[0].start.env.DB: unknown placeholder \${database.order} (did you mean \${database.orders}?)"
    `);
  });

  it('lists the known placeholders when none is close', async () => {
    const yaml = `${head}    start:\n      command: [node, main.js]\n      env:\n        X: \${nothing.like.it}\n`;
    expect(await errorOf(yaml)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:8:12: services[0].start.env.X: unknown placeholder \${nothing.like.it} (known: run.id, kafka.brokers, otlp.grpcEndpoint, otlp.httpEndpoint, database.orders, services.orders.url, env.*)"
    `);
  });

  it('lets only a follow-up request of a scenario read ${response.<field>}', async () => {
    const request = (path: string) => `{ service: orders, method: GET, path: "${path}" }`;
    const yaml = `${head}    baseUrl: http://x\nscenarios:\n  - name: s\n    request: ${request('/a/${response.id}')}\n    then:\n      - ${request('/b/${response.id}')}\n    chain: [{ kind: log }]\n`;
    expect(await errorOf(yaml)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:8:56: scenarios[0].request.path: unknown placeholder \${response.id} (known: run.id, kafka.brokers, otlp.grpcEndpoint, otlp.httpEndpoint, database.orders, services.orders.url, env.*)"
    `);
  });

  it('points at a service reference that names no service', async () => {
    const yaml = `${head}    baseUrl: http://x\npacts:\n  providerService: order\n`;
    expect(await errorOf(yaml)).toMatchInlineSnapshot(`
      "<dir>/tracegate.config.yaml is not a valid tracegate config:
        <dir>/tracegate.config.yaml:7:20: pacts.providerService: no service named "order" (did you mean "orders"?)"
    `);
  });

  it('reports a YAML syntax error with its position', async () => {
    expect(await errorOf('system: s\nservices:\n  - name: [a\n')).toMatchInlineSnapshot(
      `"<dir>/tracegate.config.yaml:4:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"`,
    );
  });
});

describe('closest', () => {
  it.each([
    ['helth', ['health', 'name', 'start'], 'health'],
    ['kafka.broker', ['kafka.brokers', 'run.id'], 'kafka.brokers'],
    ['zzz', ['health', 'name'], undefined],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
