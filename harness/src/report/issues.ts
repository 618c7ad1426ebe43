import type { CheckResult, Evidence, ReportIssue } from './types.ts';

/** An issue's head line: `CODE (path): message` (the message's first line). */
export function issueTitle(issue: ReportIssue): string {
  const where = issue.path ? ` (${issue.path})` : '';
  return `${issue.code}${where}: ${issue.message.split('\n')[0] ?? ''}`;
}

/** Expected vs actual, one line each, when the issue names them. */
export function expectedActual(issue: ReportIssue): string[] {
  return [
    ...(issue.expected !== undefined ? [`expected ${issue.expected}`] : []),
    ...(issue.actual !== undefined ? [`actual   ${issue.actual}`] : []),
  ];
}

/** The check's evidence no issue of it carries already (the whole check's, e.g. a scenario's requests). */
export function checkOnlyEvidence(check: CheckResult): Evidence[] {
  const inIssues = new Set((check.issues ?? []).flatMap((i) => i.evidence ?? []).map((e) => JSON.stringify(e)));
  return (check.evidence ?? []).filter((e) => !inIssues.has(JSON.stringify(e)));
}
