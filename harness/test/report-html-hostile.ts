import type { ReportSpan, VerifyReport } from '../src/report/types.ts';

/** Markup a hostile or merely unlucky report could carry; the page must show it as text and never run it. */
export const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'&`;

const span = (id: string, extra: Partial<ReportSpan>): ReportSpan => ({
  traceId: 'a'.repeat(32),
  spanId: id,
  name: `span ${payload}`,
  service: `svc ${payload}`,
  kind: 'internal',
  startMs: 1000,
  durationMs: 10,
  status: 'error',
  attributes: { [payload]: payload },
  ...extra,
});

/** A failing report that puts the payload in every field the page renders, with every evidence kind. */
export function hostileReport(): VerifyReport {
  return {
    ok: false,
    tool: { name: 'tracegate', version: payload },
    system: `system ${payload}`,
    startedAt: payload,
    durationMs: 1,
    environment: { [payload]: payload },
    gates: [
      {
        name: `gate ${payload}`,
        status: 'failed',
        checks: 1,
        failures: 1,
        durationMs: 5,
        details: {
          summary: payload,
          custom: payload,
          checks: [
            {
              name: `check ${payload}`,
              status: 'failed',
              message: payload,
              evidence: [
                {
                  kind: 'http-request',
                  method: 'POST',
                  url: `http://127.0.0.1:1/${payload}`,
                  headers: { 'x-h': payload },
                  body: payload,
                  response: { status: 500, body: payload },
                },
                { kind: 'pact-mismatch', interaction: payload, mismatches: [payload] },
                {
                  kind: 'kafka-message',
                  topic: 'orders',
                  partition: 0,
                  offset: '7',
                  key: payload,
                  headers: { h: payload },
                  value: `{"v":"${payload.replace(/"/g, '\\"')}"}`,
                  errors: [`KAFKA-ERR ${payload}`],
                },
                {
                  kind: 'schema-diff',
                  document: 'openapi.yaml',
                  changes: [
                    {
                      path: payload,
                      rule: 'response-property-removed',
                      message: `DIFF-MSG ${payload}`,
                      severity: 'error',
                      location: `openapi.yaml:1 ${payload}`,
                    },
                  ],
                },
                { kind: 'text', text: `TEXT-EVIDENCE ${payload}` },
              ],
            },
          ],
          scenarios: [
            {
              name: `scenario ${payload}`,
              status: 'failed',
              correlationId: payload,
              traceIds: ['a'.repeat(32)],
              spans: [
                span('1111111111111111', {}),
                span('2222222222222222', { parentSpanId: '1111111111111111', kind: 'producer', startMs: 1002 }),
              ],
              chain: [
                {
                  label: `hop ${payload}`,
                  status: 'broken',
                  reason: payload,
                  spanIds: [payload],
                  headers: { [payload]: payload },
                  logLines: [payload],
                },
              ],
              logLines: [{ msg: payload, level: payload, [payload]: payload }],
            },
          ],
        },
      },
    ],
  };
}
