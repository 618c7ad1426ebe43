import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { BreakingChangesGateConfig } from '../../config/types.ts';
import { readDocument } from '../../contracts/read-document.ts';
import { oasdiffBinary } from '../../provision/oasdiff.ts';
import type { Evidence } from '../../report/types.ts';
import { gateContext, REPO_ROOT, writeTempDocument } from '../contract-documents/testing.ts';
import { breakingChangesGate } from './gate.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate parsed YAML documents freely
type Doc = Record<string, any>;
const reference = (name: string): Doc => readDocument(join(REPO_ROOT, 'contracts', name));

async function run(
  contracts: Record<string, { path: string; released: string }>,
  dir = REPO_ROOT,
  settings: BreakingChangesGateConfig = {},
) {
  const config = { contracts, gates: { 'breaking-changes': settings } };
  return (await breakingChangesGate.run(gateContext({ config, dir }))).checks;
}

function changesOf(evidence: readonly Evidence[] | undefined) {
  const diff = evidence?.find((e) => e.kind === 'schema-diff');
  return diff?.kind === 'schema-diff' ? diff.changes : [];
}

function diffOf(evidence: readonly Evidence[] | undefined, severity = 'error') {
  return changesOf(evidence)
    .filter((c) => c.severity === severity)
    .map((c) => `${c.rule} ${c.path}`);
}

/** The reference OpenAPI document, released and mutated, as paths the gate can read. */
function openApiPair(mutate: (doc: Doc) => void): { path: string; released: string } {
  const released = reference('openapi.yaml');
  const current = structuredClone(released);
  mutate(current);
  return { path: writeTempDocument('openapi.yaml', current), released: writeTempDocument('released.yaml', released) };
}

function writeTempText(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tracegate-waivers-')), name);
  writeFileSync(path, text);
  return path;
}

// The OpenAPI side runs the real oasdiff, built once from the Go module proxy into the cache.
beforeAll(async () => {
  await oasdiffBinary();
}, 15 * 60_000);

describe('breaking-changes gate', () => {
  it('passes the reference contracts against contracts/released with the waivers tracegate.config.yaml names', async () => {
    const contracts = {
      openapi: { path: 'contracts/openapi.yaml', released: 'contracts/released/openapi.yaml' },
      asyncapi: { path: 'contracts/asyncapi.yaml', released: 'contracts/released/asyncapi.yaml' },
    };
    const checks = await run(contracts, REPO_ROOT, { waivers: 'contracts/waivers.yaml' });
    expect(checks.map((c) => [c.status, c.message?.split(' (')[0]])).toEqual([
      ['passed', 'no breaking change'],
      ['passed', 'no breaking change'],
    ]);
    const waived = checks.flatMap((c) => changesOf(c.evidence)).filter((c) => c.waiver);
    expect(waived.map((c) => `${c.rule} ${c.path}`)).toEqual([
      'request-property-pattern-added POST /orders/{id}/cancel',
      'received-message-pattern-changed order.cancelled OrderCancelled payload /reason',
    ]);
    const unwaived = await run(contracts);
    expect(unwaived.map((c) => c.status)).toEqual(['failed', 'failed']);
  });

  it('fails a removed response property without a major version (inventory fixture)', async () => {
    const [check] = await run({
      openapi: {
        path: 'fixtures/contracts/inventory-openapi-removed-response-property.yaml',
        released: 'fixtures/contracts/inventory-released/openapi.yaml',
      },
    });
    expect(check?.status).toBe('failed');
    expect(check?.message).toContain('without a major version bump (2 error');
    expect(diffOf(check?.evidence)).toEqual([
      'response-required-property-removed POST /reservations',
      'response-required-property-removed GET /reservations/{id}',
    ]);
  });

  it('fails a renamed event field on a channel the service sends on (inventory fixture)', async () => {
    const [check] = await run({
      asyncapi: {
        path: 'fixtures/contracts/inventory-asyncapi-renamed-field.yaml',
        released: 'fixtures/contracts/inventory-released/asyncapi.yaml',
      },
    });
    expect(check?.status).toBe('failed');
    expect(diffOf(check?.evidence)).toEqual([
      'sent-message-property-removed inventory.reserved reserved payload /quantity',
    ]);
    const [change] = changesOf(check?.evidence);
    const file = 'fixtures/contracts/inventory-asyncapi-renamed-field.yaml';
    expect(change?.location).toMatch(new RegExp(`^${file}:\\d+$`));
    const line = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n')[Number(change?.location?.split(':')[1]) - 1];
    expect(line).toBe('      payload:');
  });

  it('judges AsyncAPI changes by direction: a new required field breaks only what the service receives', async () => {
    const released = reference('asyncapi.yaml');
    const current = structuredClone(released);
    current.components.schemas.OrderCreatedPayload.required.push('channel');
    current.components.schemas.OrderCreatedPayload.properties.channel = { type: 'string' };
    // payment.authorized is sent by payment and received by order; keep only its send operation.
    delete current.operations.consumePaymentAuthorized;
    current.components.schemas.PaymentAuthorizedPayload.required.push('merchant');
    current.components.schemas.PaymentAuthorizedPayload.properties.merchant = { type: 'string' };
    const [check] = await run({
      asyncapi: {
        path: writeTempDocument('asyncapi.yaml', current),
        released: writeTempDocument('released.yaml', released),
      },
    });
    expect(diffOf(check?.evidence)).toEqual([
      'received-message-new-required-property order.created OrderCreated payload /channel',
    ]);
  });

  it('fails on oasdiff rules: global security, response enum, parameter and header changes, each at file:line', async () => {
    const pair = openApiPair((doc) => {
      doc.security = [{ bearer: [] }];
      doc.components.securitySchemes = { bearer: { type: 'http', scheme: 'bearer' } };
      doc.components.schemas.OrderStatus.enum.push('ARCHIVED');
      const limit = doc.paths['/orders'].get.parameters.find((p: Doc) => p.name === 'limit');
      limit.schema.maximum = 50;
      doc.paths['/orders'].get.parameters.push({
        name: 'X-Tenant',
        in: 'header',
        required: true,
        schema: { type: 'string' },
      });
    });
    const [check] = await run({ openapi: pair });
    expect(check?.status).toBe('failed');
    const changes = changesOf(check?.evidence);
    const first = (rule: string, path: string) => changes.find((c) => c.rule === rule && c.path === path);
    const lines = readFileSync(pair.path, 'utf8').split('\n');
    const lineText = (location: string | undefined) => lines[Number(location?.split(':').at(-1)) - 1] ?? '';
    const expected: [string, string, RegExp][] = [
      ['api-security-anonymous-access-removed', 'GET /orders', /^security:/],
      ['response-property-enum-value-added', 'GET /orders/{id}', /- ARCHIVED/],
      ['request-parameter-max-decreased', 'GET /orders', /maximum: 50/],
      ['new-required-request-parameter', 'GET /orders', /name: X-Tenant/],
    ];
    for (const [rule, path, text] of expected) {
      const change = first(rule, path);
      expect(change, `${rule} ${path}`).toMatchObject({
        severity: 'error',
        location: expect.stringMatching(/openapi\.yaml:\d+$/),
      });
      expect(lineText(change?.location), `${rule} at ${change?.location}`).toMatch(text);
    }
    expect(check?.message).toMatch(/^\d+ breaking changes without a major version bump/);
    expect(check?.message).toContain('[api-security-anonymous-access-removed]');
  });

  it('places a removal at the nearest node left in the current document', async () => {
    const pair = openApiPair((doc) => {
      delete doc.paths['/orders/{id}'].get;
    });
    const [check] = await run({ openapi: pair });
    const changes = changesOf(check?.evidence);
    const lines = readFileSync(pair.path, 'utf8').split('\n');
    const removed = changes.find((c) => c.rule === 'api-removed-without-deprecation');
    expect(removed).toMatchObject({ severity: 'error', path: 'GET /orders/{id}' });
    expect(lines[Number(removed?.location?.split(':').at(-1)) - 1]).toMatch(/^ {2}\/orders\/\{id\}:/);
  });

  it('passes breaking changes announced by a new major version, still listing them', async () => {
    const pair = openApiPair((doc) => {
      delete doc.paths['/orders/{id}'].get;
      doc.info.version = '2.0.0';
    });
    const [check] = await run({ openapi: pair });
    expect(check?.status).toBe('passed');
    expect(check?.message).toMatch(
      /^1 breaking changes, announced by a new major version \(1 error, .*1\.0\.0 → 2\.0\.0\)/,
    );
  });

  it('waives a change until its waiver expires, then says the waiver expired', async () => {
    const pair = openApiPair((doc) => doc.components.schemas.OrderStatus.enum.push('ARCHIVED'));
    const waivers = (expires: string) =>
      writeTempText(
        'waivers.yaml',
        stringify([
          {
            rule: 'response-property-enum-value-added',
            path: '* /orders*',
            reason: 'clients map unknown states',
            expires,
          },
        ]),
      );
    const [waived] = await run({ openapi: pair }, REPO_ROOT, { waivers: waivers('2999-12-31') });
    expect(waived?.status).toBe('passed');
    expect(waived?.message).toMatch(/^no breaking change \(4 error, 0 warning, \d+ info; 4 waived;/);
    const [expired] = await run({ openapi: pair }, REPO_ROOT, { waivers: waivers('2020-01-01') });
    expect(expired?.status).toBe('failed');
    expect(expired?.message).toContain(
      '[response-property-enum-value-added] — waiver expired on 2020-01-01, no longer waived',
    );
    expect(changesOf(expired?.evidence)[0]?.waiver).toEqual({
      reason: 'clients map unknown states',
      expires: '2020-01-01',
      expired: true,
    });
  });

  it('rejects a waiver without a reason or with a bad date, naming it', async () => {
    const pair = openApiPair(() => {});
    const file = writeTempText('waivers.yaml', stringify({ waivers: [{ rule: 'x', path: '*', expires: 'soon' }] }));
    await expect(run({ openapi: pair }, REPO_ROOT, { waivers: file })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `${file} waiver 1: missing reason`,
    });
  });

  it('applies configured severities and failOn to both sides (AsyncAPI waivers too)', async () => {
    const pair = openApiPair((doc) => {
      delete doc.paths['/orders'].post.responses['201'].headers.Location;
    });
    const [info] = await run({ openapi: pair });
    expect(info?.status).toBe('passed');
    expect(changesOf(info?.evidence).map((c) => [c.rule, c.severity])).toContainEqual([
      'optional-response-header-removed',
      'info',
    ]);
    const [raised] = await run({ openapi: pair }, REPO_ROOT, {
      severities: { 'optional-response-header-removed': 'warning' },
      failOn: 'warning',
    });
    expect(raised?.status).toBe('failed');
    expect(raised?.message).toContain('- warning ');
    const released = reference('asyncapi.yaml');
    const current = structuredClone(released);
    delete current.components.schemas.OrderCreatedPayload.properties.customerId;
    const asyncapi = {
      path: writeTempDocument('asyncapi.yaml', current),
      released: writeTempDocument('released.yaml', released),
    };
    const waivers = writeTempText(
      'waivers.yaml',
      stringify([{ rule: '*-message-property-removed', path: 'order.created *', reason: 'r', expires: '2999-01-01' }]),
    );
    const [waived] = await run({ asyncapi }, REPO_ROOT, { waivers });
    expect(waived?.status).toBe('passed');
    expect(waived?.message).toMatch(/^no breaking change \(2 error, 0 warning, 0 info; 2 waived;/);
    expect(changesOf(waived?.evidence).map((c) => [c.rule, c.severity, c.waiver?.expired])).toEqual([
      ['sent-message-property-removed', 'error', false],
      ['received-message-property-removed', 'error', false],
    ]);
  });

  it('reads the released version from git (git:<ref>:<path>)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-git-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe' });
    const released = reference('asyncapi.yaml');
    git('init', '-q');
    writeFileSync(join(dir, 'asyncapi.yaml'), stringify(released));
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'v1');
    const current = structuredClone(released);
    delete current.components.schemas.OrderCreatedPayload.properties.customerId;
    current.components.schemas.OrderCreatedPayload.required =
      current.components.schemas.OrderCreatedPayload.required.filter((name: string) => name !== 'customerId');
    writeFileSync(join(dir, 'asyncapi.yaml'), stringify(current));
    const [check] = await run({ asyncapi: { path: 'asyncapi.yaml', released: 'git:HEAD:asyncapi.yaml' } }, dir);
    expect(check?.status).toBe('failed');
    expect(diffOf(check?.evidence)).toContain(
      'sent-message-property-removed order.created OrderCreated payload /customerId',
    );
    await expect(
      run({ asyncapi: { path: 'asyncapi.yaml', released: 'git:nope:asyncapi.yaml' } }, dir),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    // TRACEGATE_BREAKING_BASE (a pull request's base branch) replaces `released`, even where the config has none.
    process.env.TRACEGATE_BREAKING_BASE = 'HEAD';
    try {
      const config = { contracts: { asyncapi: { path: 'asyncapi.yaml' } } };
      expect(breakingChangesGate.applies({ config, path: join(dir, 'c.yaml'), dir } as never)).toEqual({ ok: true });
      const [fromBase] = (await breakingChangesGate.run(gateContext({ config, dir }))).checks;
      expect(fromBase?.status).toBe('failed');
      expect(fromBase?.name).toContain('against git:HEAD:asyncapi.yaml');
    } finally {
      delete process.env.TRACEGATE_BREAKING_BASE;
    }
  });
});
