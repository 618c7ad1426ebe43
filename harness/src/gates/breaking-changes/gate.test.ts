import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Evidence } from '../../report/types.ts';
import { readDocument } from '../contract-documents/read-document.ts';
import { gateContext, REPO_ROOT, writeTempDocument } from '../contract-documents/testing.ts';
import { breakingChangesGate } from './gate.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate parsed YAML documents freely
type Doc = Record<string, any>;
const reference = (name: string): Doc => readDocument(join(REPO_ROOT, 'contracts', name));

async function run(contracts: Record<string, { path: string; released: string }>, dir = REPO_ROOT) {
  return (await breakingChangesGate.run(gateContext({ config: { contracts }, dir }))).checks;
}

function diffOf(evidence: readonly Evidence[] | undefined) {
  const diff = evidence?.find((e) => e.kind === 'schema-diff');
  return diff?.kind === 'schema-diff' ? diff.changes.filter((c) => c.breaking).map((c) => `${c.rule} ${c.path}`) : [];
}

describe('breaking-changes gate', () => {
  it('passes the reference contracts against contracts/released', async () => {
    const checks = await run({
      openapi: { path: 'contracts/openapi.yaml', released: 'contracts/released/openapi.yaml' },
      asyncapi: { path: 'contracts/asyncapi.yaml', released: 'contracts/released/asyncapi.yaml' },
    });
    expect(checks.map((c) => [c.status, c.message?.split(' (')[0]])).toEqual([
      ['passed', 'no breaking change'],
      ['passed', 'no breaking change'],
    ]);
  });

  it('fails a removed response property without a major version (inventory fixture)', async () => {
    const [check] = await run({
      openapi: {
        path: 'fixtures/contracts/inventory-openapi-removed-response-property.yaml',
        released: 'fixtures/contracts/inventory-released/openapi.yaml',
      },
    });
    expect(check?.status).toBe('failed');
    expect(check?.message).toContain('without a major version bump (1.2.0 → 1.2.0)');
    expect(diffOf(check?.evidence)).toEqual([
      'response-property-removed POST /reservations 201 application/json /status',
      'response-property-removed GET /reservations/{id} 200 application/json /status',
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

  it('fails the reference OpenAPI with oasdiff-class breaking changes and lists each', async () => {
    const released = reference('openapi.yaml');
    const current = structuredClone(released);
    current.components.schemas.CreateOrderRequest.required.push('channel');
    current.components.schemas.CreateOrderRequest.properties.channel = { type: 'string' };
    current.components.schemas.OrderStatus.enum = ['PENDING', 'CONFIRMED', 'REJECTED'];
    current.paths['/orders'].get.parameters.push({
      name: 'tenant',
      in: 'query',
      required: true,
      schema: { type: 'string' },
    });
    delete current.paths['/orders/{id}/cancel'].post.responses['409'];
    delete current.paths['/orders/{id}'].get;
    const [check] = await run({
      openapi: {
        path: writeTempDocument('openapi.yaml', current),
        released: writeTempDocument('released.yaml', released),
      },
    });
    expect(check?.status).toBe('failed');
    expect(diffOf(check?.evidence).sort()).toEqual([
      'new-required-request-parameter GET /orders parameter query tenant',
      'operation-removed GET /orders/{id}',
      'request-new-required-property POST /orders request body application/json /channel',
      'request-parameter-enum-value-removed GET /orders parameter query status',
      'response-status-removed POST /orders/{id}/cancel 409',
    ]);
  });

  it('passes breaking changes announced by a new major version, still listing them', async () => {
    const released = reference('openapi.yaml');
    const current = structuredClone(released);
    delete current.paths['/orders/{id}'].get;
    current.info.version = '2.0.0';
    const [check] = await run({
      openapi: {
        path: writeTempDocument('openapi.yaml', current),
        released: writeTempDocument('released.yaml', released),
      },
    });
    expect(check?.status).toBe('passed');
    expect(check?.message).toMatch(/^1 breaking changes, announced by a new major version \(1\.0\.0 → 2\.0\.0\)/);
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
