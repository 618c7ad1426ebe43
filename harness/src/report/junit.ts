import { checkOnlyEvidence, expectedActual } from './issues.ts';
import type { CheckResult, GateReport, ReportIssue, VerifyReport } from './types.ts';

const escapeXml = (text: string): string =>
  text
    .replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`)
    // XML 1.0 forbids most control characters even when escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Renders a verification run as JUnit XML: one testsuite per gate, one testcase per check. */
export function renderJUnit(report: VerifyReport): string {
  const suites = report.gates.map(suite).join('\n');
  const tests = report.gates.reduce((n, g) => n + Math.max(g.checks, 1), 0);
  const failures = report.gates.reduce((n, g) => n + g.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tracegate ${escapeXml(report.system)}" tests="${tests}" failures="${failures}" time="${seconds(report.durationMs)}">`,
    suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(gate: GateReport): string {
  const checks: readonly CheckResult[] = gate.details?.checks ?? [];
  const cases =
    checks.length > 0
      ? checks
      : [{ name: gate.name, status: gate.status, message: gate.details?.reason } as CheckResult];
  const skippedCount = cases.filter((c) => c.status === 'skipped').length;
  return [
    `  <testsuite name="${escapeXml(gate.name)}" tests="${cases.length}" failures="${gate.failures}" skipped="${skippedCount}" time="${seconds(gate.durationMs)}">`,
    ...cases.map((c) => testcase(gate.name, c)),
    '  </testsuite>',
  ].join('\n');
}

function testcase(gate: string, check: CheckResult): string {
  const open = `    <testcase classname="tracegate.${escapeXml(gate)}" name="${escapeXml(check.name)}" time="${seconds(check.durationMs ?? 0)}"`;
  if (check.status === 'passed') return `${open}/>`;
  if (check.status === 'skipped') return `${open}><skipped message="${escapeXml(check.message ?? '')}"/></testcase>`;
  const issues = check.issues ?? [];
  if (issues.length === 0) {
    const body = [check.message ?? '', ...(check.evidence ?? []).map(json)].join('\n\n');
    return `${open}><failure message="${escapeXml(firstLine(check.message))}">${escapeXml(body)}</failure></testcase>`;
  }
  const body = [...issues.map(issueText), ...checkOnlyEvidence(check).map(json)].join('\n\n');
  const type = ` type="${escapeXml(issues[0]?.code ?? 'failed')}"`;
  return `${open}><failure message="${escapeXml(firstLine(check.message ?? issues[0]?.message))}"${type}>${escapeXml(body)}</failure></testcase>`;
}

/** One issue: its code and path, the whole message, expected vs actual, then its evidence. */
function issueText(issue: ReportIssue): string {
  const head = issue.path ? `${issue.code} (${issue.path})` : issue.code;
  return [head, issue.message, ...expectedActual(issue), ...(issue.evidence ?? []).map(json)].join('\n');
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

const firstLine = (text: string | undefined): string => (text ?? 'failed').split('\n')[0] ?? 'failed';
const seconds = (ms: number): string => (ms / 1000).toFixed(3);
