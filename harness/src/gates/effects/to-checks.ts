import {
  type EffectContracts,
  type EffectIssue,
  effectContractNames,
  type TappedMessage,
} from '@tracegate/trace-assertions';
import type { CheckResult, Evidence } from '../../report/types.ts';

/** Issues listed per check; the rest are counted. */
const SHOWN = 5;

function messageEvidence(message: TappedMessage): Evidence {
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([k, v]) => [k, typeof v === 'string' ? v : v.join(', ')]),
  );
  return {
    kind: 'kafka-message',
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    ...(message.key !== null ? { key: message.key } : {}),
    headers,
    value: message.value ?? '',
    errors: [],
  };
}

function evidence(issue: EffectIssue): Evidence[] {
  const out: Evidence[] = [];
  const request = issue.evidence?.request;
  if (request) {
    out.push({
      kind: 'http-request',
      method: request.method,
      url: request.url,
      headers: { ...request.requestHeaders },
      ...(request.requestBody !== undefined ? { body: request.requestBody } : {}),
      ...(issue.evidence?.curl ? { curl: issue.evidence.curl } : {}),
      response: {
        status: request.status,
        ...(request.responseBody !== undefined ? { body: request.responseBody } : {}),
      },
    });
  }
  out.push(...(issue.evidence?.messages ?? []).slice(0, 3).map(messageEvidence));
  return out;
}

function line(issue: EffectIssue): string {
  return `${issue.code}: ${issue.message}; expected ${issue.expected ?? '?'}, actual ${issue.actual ?? '?'}`;
}

/** One check: passed with `passed`, or failed with the issues and their evidence. */
export function issueCheck(name: string, issues: readonly EffectIssue[], passed: string): CheckResult {
  if (issues.length === 0) return { name, status: 'passed', message: passed };
  const more = issues.length > SHOWN ? [`… and ${issues.length - SHOWN} more`] : [];
  return {
    name,
    status: 'failed',
    message: [...issues.slice(0, SHOWN).map(line), ...more].join('\n'),
    evidence: issues.slice(0, SHOWN).flatMap(evidence),
  };
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
