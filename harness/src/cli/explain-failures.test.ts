import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig } from '../config/load.ts';
import { failureReasons, githubAnnotations, renderFailures } from '../report/failures.ts';
import type { GateReport, VerifyReport } from '../report/types.ts';
import { explainFailures } from './explain-failures.ts';

const root = new URL('../../../', import.meta.url).pathname;
const failing = JSON.parse(readFileSync(`${root}fixtures/reports/failing.json`, 'utf8')) as VerifyReport;

/** The failing fixture with its scenario renamed to one of the reference config, so it has a file:line. */
function withScenario(name: string): VerifyReport {
  const gates = failing.gates.map((gate): GateReport => {
    if (gate.name !== 'correlation-e2e' || !gate.details?.scenarios) return gate;
    return { ...gate, details: { ...gate.details, scenarios: gate.details.scenarios.map((s) => ({ ...s, name })) } };
  });
  return { ...failing, gates };
}

describe('failure reasons from the verify report', () => {
  it('gives every failed check its reason: mismatches, the reproducing curl, the first broken hop', () => {
    const reasons = failureReasons(failing);
    expect(reasons.map((r) => `${r.gate} › ${r.title}`)).toEqual([
      'pact-provider › order-web → order-service: a request for an existing order (given order ord_42 exists)',
      'schemathesis › POST /orders',
      'correlation-e2e › place order → payment authorized → order confirmed',
    ]);
    expect(renderFailures(reasons)).toMatchInlineSnapshot(`
      "✗ pact-provider › order-web → order-service: a request for an existing order (given order ord_42 exists)
          response body does not match the pact
          interaction: a request for an existing order (given order ord_42 exists)
            - $.totalCents: Expected 12990 (Integer) but received "129.90" (String)
            - $.status: Expected 'CONFIRMED' but received 'confirmed'

      ✗ schemathesis › POST /orders
          not_a_server_error: 1 of 100 test cases received 500 Internal Server Error
          request: POST http://127.0.0.1:38411/orders → 500 {"type":"about:blank","title":"Internal Server Error","status":500,"detail":"value \\"4611686014132420609\\" is out of range for type integer","correlationId":"st-4f1c2a"}
          reproduce: curl -X POST -H 'content-type: application/json' -H 'x-correlation-id: st-4f1c2a' -d '{"customerId":"cus_0","currency":"EUR","items":[{"sku":"\\u0000","quantity":2147483647,"unitPriceCents":2147483647}]}' http://127.0.0.1:38411/orders

      ✗ correlation-e2e › place order → payment authorized → order confirmed
          first broken hop: payment-service log lines
            2 log lines of payment-service in trace 617e10f8… have no correlation_id field (expected "c7d1e6a0-5b0c-4f8e-9a53-2f4d3c1b7e90"): the consumer does not restore the correlation id from the Kafka header into the log context
            spans: 1fd1d1630fb48100
            log: {"level":30,"time":1795528841285.1,"pid":42,"hostname":"payment-service-7d9f","service.name":"payment-service","msg":"OrderPlaced received","trace_id":"617e10f803a8fa00671ea2386cc85200","span_id":"1fd1d1630fb48100","trace_flags":"01…
            log: {"level":30,"time":1795528841299,"pid":42,"hostname":"payment-service-7d9f","service.name":"payment-service","msg":"payment authorized","trace_id":"617e10f803a8fa00671ea2386cc85200","span_id":"1fd1d1630fb48100","trace_flags":"01","o…
          correlation id c7d1e6a0-5b0c-4f8e-9a53-2f4d3c1b7e90, trace 617e10f803a8fa00671ea2386cc85200"
    `);
  });

  it('points at the scenario in the config and annotates it in GitHub Actions', async () => {
    const loaded = await loadConfig(findConfig({ cwd: root }));
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: root };
    const out = explainFailures(withScenario('order-declined'), loaded, env);
    // The scenario's own line in the reference config, column of its `name` key.
    const line = readFileSync(loaded.path, 'utf8').split('\n').indexOf('  - name: order-declined') + 1;
    expect(line).toBeGreaterThan(0);
    expect(out).toContain(`✗ correlation-e2e › order-declined  (tracegate.config.yaml:${line}:5)`);
    const annotations = out.split('\n').filter((row) => row.startsWith('::error '));
    expect(annotations).toHaveLength(3);
    expect(annotations[2]).toMatch(
      new RegExp(
        `^::error file=tracegate\\.config\\.yaml,line=${line},col=5,title=tracegate correlation-e2e%3A order-declined::first broken hop: payment-service log lines%0A {2}2 log lines`,
      ),
    );
    expect(explainFailures(withScenario('order-declined'), loaded, {})).not.toContain('::error');
    const quiet = { ...env, TRACEGATE_ANNOTATIONS: 'false' };
    expect(explainFailures(withScenario('order-declined'), loaded, quiet)).not.toContain('::error');
  });

  it('escapes newlines, percent signs, colons and commas in annotations', () => {
    const text = githubAnnotations([
      { gate: 'g', title: 'a: b, c', lines: ['50% done', 'next'], location: { file: 'x,y.yaml', line: 3 } },
    ]);
    expect(text).toBe('::error file=x%2Cy.yaml,line=3,title=tracegate g%3A a%3A b%2C c::50%25 done%0Anext');
  });

  it("gives a scenario that failed without a broken hop its check's issues", () => {
    const gate: GateReport = {
      name: 'correlation-e2e',
      status: 'failed',
      checks: 1,
      failures: 1,
      durationMs: 1,
      details: {
        scenarios: [{ name: 'order', status: 'failed', traceIds: ['t1'], spans: [], chain: [], logLines: [] }],
        checks: [
          {
            name: 'order',
            status: 'failed',
            message: 'no span matches span[kind="producer"]',
            issues: [
              {
                code: 'SPAN_NOT_FOUND',
                message: 'no span matches span[kind="producer"] (expected at least 1)\nnearest candidates: …',
                path: 'specs[0]: span[kind="producer"]',
                expected: 'at least 1',
                actual: '0',
              },
            ],
          },
        ],
      },
    };
    expect(failureReasons({ ...failing, gates: [gate] })[0]?.lines).toEqual([
      'SPAN_NOT_FOUND (specs[0]: span[kind="producer"]): no span matches span[kind="producer"] (expected at least 1)',
      '  expected at least 1',
      '  actual   0',
      'correlation id -, trace t1',
    ]);
  });

  it('names a gate that failed without checks by its reason', () => {
    const gate: GateReport = {
      name: 'pact-consumers',
      status: 'failed',
      checks: 0,
      failures: 1,
      durationMs: 1,
      details: { reason: 'vitest exited 1' },
    };
    expect(failureReasons({ ...failing, gates: [gate] })).toEqual([
      { gate: 'pact-consumers', title: 'gate failed', lines: ['vitest exited 1'] },
    ]);
  });
});
