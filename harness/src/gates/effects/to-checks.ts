import {
  type EffectContracts,
  type EffectIssue,
  effectContractNames,
  type Failed,
  type Passed,
} from '@tracegate/trace-assertions';
import type { CheckResult } from '../../report/types.ts';
import { fromOutcome } from '../from-outcome.ts';

/** Issues listed per check; the rest are counted. */
const SHOWN = 5;

function line(issue: EffectIssue): string {
  return `${issue.code}: ${issue.message}; expected ${issue.expected ?? '?'}, actual ${issue.actual ?? '?'}`;
}

/** One check: passed with `passed`, or failed with the issues and their evidence. */
export function issueCheck(name: string, issues: readonly EffectIssue[], passed: string): CheckResult {
  const verdict: Passed | Failed<EffectIssue> = issues.length === 0 ? { ok: true } : { ok: false, issues };
  const more = issues.length > SHOWN ? [`… and ${issues.length - SHOWN} more`] : [];
  const message = [...issues.slice(0, SHOWN).map(line), ...more].join('\n');
  return fromOutcome(name, verdict, { passed, message, shown: SHOWN });
}

/** One check per declared contract: passed, or failed with its first issues and their evidence. */
export function toChecks(input: {
  contracts: EffectContracts;
  issues: readonly EffectIssue[];
  counts: ReadonlyMap<string, number>;
}): CheckResult[] {
  return effectContractNames(input.contracts).map((name) => {
    const issues = input.issues.filter((i) => i.path === name);
    const seen = input.counts.get(name) ?? 0;
    if (issues.length === 0 && seen === 0) {
      return { name, status: 'skipped', message: 'no traffic of this kind was recorded in the run' };
    }
    return issueCheck(name, issues, `${seen} recorded ${name.includes('→') ? 'request(s)' : 'message(s)'} kept it`);
  });
}
