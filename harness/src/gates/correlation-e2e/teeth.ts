import {
  type CorrelationChainOptions,
  type CorrelationChainResult,
  proveTeeth,
  type TeethCounts,
  type TeethIssue,
} from '@tracegate/trace-assertions';
import type { CheckResult } from '../../report/types.ts';
import { fromOutcome } from '../from-outcome.ts';

/** The hop checks of one scenario: how many bite, and a failed check per hop whose check cannot fail. */
export interface ScenarioTeeth {
  readonly counts: TeethCounts;
  readonly checks: readonly CheckResult[];
}

/** One passing chain segment and what it was checked with; `offset` is its first hop's position in the scenario. */
export interface TeethSegment {
  readonly result: CorrelationChainResult;
  readonly options: CorrelationChainOptions;
  readonly offset: number;
}

/** Proves every passing segment of a scenario can fail: each hop's evidence removed or altered in memory, no waiting. */
export function scenarioTeeth(scenario: string, segments: readonly TeethSegment[]): ScenarioTeeth {
  let counts: TeethCounts = { checks: 0, biting: 0 };
  const byHop = new Map<number, { label: string; issues: TeethIssue[] }>();
  for (const segment of segments) {
    const verdict = proveTeeth(segment.result, segment.options);
    counts = addTeeth(counts, verdict.counts);
    if (verdict.ok) continue;
    for (const issue of verdict.issues) {
      const index = segment.offset + (issue.evidence?.hopIndex ?? 0);
      const label = issue.evidence?.hop ?? issue.path ?? '?';
      const entry = byHop.get(index) ?? { label, issues: [] };
      entry.issues.push(inScenario(issue, index, label));
      byHop.set(index, entry);
    }
  }
  const checks = [...byHop.entries()].map(([index, { label, issues }]) =>
    fromOutcome(
      `${scenario}: hop ${index + 1} (${label}) cannot fail`,
      { ok: false, issues },
      {
        message: `the check of hop ${index + 1} (${label}) still passes with ${issues.map((i) => i.evidence?.alteration ?? i.message).join('; with ')}: ${ADVICE}`,
      },
    ),
  );
  return { counts, checks };
}

const ADVICE = 'tighten the hop in the config so it names what only this request causes';

/** The issue at the hop's position in the whole scenario, with what to do about it. */
function inScenario(issue: TeethIssue, index: number, label: string): TeethIssue {
  const alteration = issue.evidence?.alteration;
  const message = alteration
    ? `the check of hop ${index + 1} (${label}) still passes with ${alteration}: ${ADVICE}`
    : `${issue.message}: ${ADVICE}`;
  return { ...issue, message, path: `hops[${index}]` };
}

/** Sums hop-check counts. */
export function addTeeth(a: TeethCounts, b: TeethCounts): TeethCounts {
  return { checks: a.checks + b.checks, biting: a.biting + b.biting };
}
