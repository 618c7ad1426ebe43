import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../report/types.ts';
import { CORPUS } from '../contract-documents/corpus-testing.ts';
import { gateContext } from '../contract-documents/testing.ts';
import { breakingChangesGate } from './gate.ts';

function changesOf(evidence: readonly Evidence[] | undefined) {
  const diff = evidence?.find((e) => e.kind === 'schema-diff');
  return diff?.kind === 'schema-diff' ? diff.changes : [];
}

// Two commits of one document written by a team (fixtures/corpus/SOURCES.md): the later one reverts a field the
// earlier release added, in a message the application sends as its reply.
describe('breaking-changes over two released versions of a real AsyncAPI document', () => {
  it('fails on the required reply property removed, and only on it', async () => {
    const folder = 'asyncapi/forsakringskassan';
    const contracts = { asyncapi: { path: `${folder}/asyncapi.yaml`, released: `${folder}/asyncapi-0c0c6dc.yaml` } };
    const { checks } = await breakingChangesGate.run(gateContext({ config: { contracts }, dir: CORPUS }));
    expect(checks.map((c) => c.status)).toEqual(['failed']);
    const changes = changesOf(checks[0]?.evidence);
    expect(
      changes.filter((c) => c.severity === 'error').map((c) => `${c.location} ${c.path}: ${c.message} [${c.rule}]`),
    ).toMatchInlineSnapshot(`
        [
          "asyncapi/forsakringskassan/asyncapi.yaml:78 handlaggning.responses HandlaggningResponseMessage payload /data/yrkandeId: removed (was required) [sent-message-property-removed]",
        ]
      `);
    expect(changes.filter((c) => c.severity === 'warning')).toEqual([]);
  });
});
