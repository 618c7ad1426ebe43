import { toCurl } from './curl.ts';
import { checkOnlyEvidence, expectedActual, issueTitle } from './issues.ts';
import type { CheckResult, Evidence, GateReport, ReportScenario, VerifyReport } from './types.ts';

/** Where a failure can be fixed: a line of the config or of a contract. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** Why one check failed, in a few lines a person can act on. */
export interface FailureReason {
  readonly gate: string;
  readonly title: string;
  readonly lines: readonly string[];
  readonly location?: SourceLocation;
}

/** Finds the source location of a failed scenario or check, when one is known. */
export type LocateFailure = (failure: {
  readonly gate: string;
  readonly scenario?: string;
  readonly evidence?: readonly Evidence[];
}) => SourceLocation | undefined;

const MAX_LINES = 20;
const MAX_WIDTH = 240;

/** One reason per failed scenario or check of every failed gate, derived from the verify report. */
export function failureReasons(report: VerifyReport, locate: LocateFailure = () => undefined): FailureReason[] {
  return report.gates.filter((g) => g.status === 'failed').flatMap((gate) => gateReasons(gate, locate));
}

function gateReasons(gate: GateReport, locate: LocateFailure): FailureReason[] {
  const scenarios = (gate.details?.scenarios ?? []).filter((s) => s.status === 'failed');
  const checks = (gate.details?.checks ?? []).filter((c) => c.status === 'failed');
  const reasons = [
    ...scenarios.map((s) =>
      scenarioReason(
        gate.name,
        s,
        checks.find((c) => c.name === s.name),
        locate,
      ),
    ),
    ...checks
      .filter((c) => !scenarios.some((s) => s.name === c.name))
      .map((c) =>
        withLocation(
          { gate: gate.name, title: c.name, lines: checkLines(c) },
          locate({ gate: gate.name, ...evidenceOf(c) }),
        ),
      ),
  ];
  if (reasons.length > 0) return reasons;
  const why = gate.details?.reason ?? gate.details?.summary ?? `${gate.failures} of ${gate.checks} checks failed`;
  return [{ gate: gate.name, title: 'gate failed', lines: [why] }];
}

function evidenceOf(check: CheckResult): { evidence?: readonly Evidence[] } {
  return check.evidence ? { evidence: check.evidence } : {};
}

function withLocation(reason: FailureReason, location: SourceLocation | undefined): FailureReason {
  return location ? { ...reason, location } : reason;
}

function scenarioReason(
  gate: string,
  scenario: ReportScenario,
  check: CheckResult | undefined,
  locate: LocateFailure,
): FailureReason {
  const broken = scenario.chain.find((hop) => hop.status === 'broken');
  const lines: string[] = [];
  if (broken) {
    lines.push(`first broken hop: ${broken.label}`);
    if (broken.reason) lines.push(`  ${broken.reason}`);
    if (broken.spanIds?.length) lines.push(`  spans: ${broken.spanIds.join(', ')}`);
    const headers = Object.entries(broken.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    if (headers.length > 0) lines.push(`  headers: ${headers.join('; ')}`);
    for (const line of (broken.logLines ?? []).slice(0, 2)) lines.push(`  log: ${line}`);
  } else if (check?.issues?.length) {
    lines.push(...check.issues.flatMap((i) => [issueTitle(i), ...expectedActual(i).map((line) => `  ${line}`)]));
  } else if (check?.message) lines.push(check.message);
  const failedRequests = (check?.evidence ?? []).filter(
    (e) => e.kind === 'http-request' && (!e.response || e.response.status >= 400 || !broken),
  );
  lines.push(...failedRequests.flatMap(evidenceLines));
  lines.push(`correlation id ${scenario.correlationId ?? '-'}, trace ${scenario.traceIds.join(', ') || '-'}`);
  return withLocation({ gate, title: scenario.name, lines }, locate({ gate, scenario: scenario.name }));
}

function checkLines(check: CheckResult): string[] {
  if (check.issues?.length) return issueLines(check);
  const message = check.message ? check.message.split('\n').slice(0, 6) : [];
  const evidence = (check.evidence ?? []).flatMap(evidenceLines).filter((line) => !message.includes(line.trim()));
  return [...message, ...evidence];
}

/** Each issue: `CODE (path): message`, expected vs actual and its evidence; then the check's own evidence. */
function issueLines(check: CheckResult): string[] {
  const issues = (check.issues ?? []).flatMap((issue) => [
    issueTitle(issue),
    ...expectedActual(issue).map((line) => `  ${line}`),
    ...(issue.evidence ?? []).flatMap(evidenceLines).map((line) => `  ${line}`),
  ]);
  return [...issues, ...checkOnlyEvidence(check).flatMap(evidenceLines)];
}

function evidenceLines(evidence: Evidence): string[] {
  switch (evidence.kind) {
    case 'http-request': {
      const answer = evidence.response ? ` → ${evidence.response.status}` : ' → no answer';
      const body = evidence.response?.body?.split('\n')[0];
      return [
        `request: ${evidence.method} ${evidence.url}${answer}${body ? ` ${body}` : ''}`,
        `reproduce: ${evidence.curl ?? toCurl(evidence)}`,
      ];
    }
    case 'pact-mismatch':
      return [`interaction: ${evidence.interaction}`, ...evidence.mismatches.slice(0, 8).map((m) => `  - ${m}`)];
    case 'kafka-message': {
      const where = `${evidence.topic}${evidence.partition === undefined ? '' : `[${evidence.partition}]`}`;
      const offset = evidence.offset === undefined ? '' : ` @${evidence.offset}`;
      return [`message: ${where}${offset} ${evidence.value}`, ...evidence.errors.slice(0, 6).map((e) => `  - ${e}`)];
    }
    case 'schema-diff':
      return evidence.changes
        .filter((c) => c.severity === 'error' && (c.waiver === undefined || c.waiver.expired))
        .slice(0, 8)
        .map((c) => `  - ${c.location ?? evidence.document} ${c.path}: ${c.message} [${c.rule}]`);
    case 'text':
      return evidence.text.split('\n').slice(0, 6);
  }
}

/** The reasons as terminal text: a heading per failure, then at most one screen of indented lines. */
export function renderFailures(reasons: readonly FailureReason[]): string {
  return reasons
    .map((reason) => {
      const where = reason.location ? `  (${formatLocation(reason.location)})` : '';
      const lines = reason.lines.slice(0, MAX_LINES).map((line) => `    ${clip(line)}`);
      const more =
        reason.lines.length > MAX_LINES ? [`    … ${reason.lines.length - MAX_LINES} more lines in the reports`] : [];
      return [`✗ ${reason.gate} › ${reason.title}${where}`, ...lines, ...more].join('\n');
    })
    .join('\n\n');
}

/** GitHub Actions workflow commands: one `::error` per failure, with file and line where known. */
export function githubAnnotations(reasons: readonly FailureReason[]): string {
  return reasons
    .map((reason) => {
      const properties = [
        ...(reason.location ? [`file=${escapeProperty(reason.location.file)}`, `line=${reason.location.line}`] : []),
        ...(reason.location?.column ? [`col=${reason.location.column}`] : []),
        `title=${escapeProperty(`tracegate ${reason.gate}: ${reason.title}`)}`,
      ];
      return `::error ${properties.join(',')}::${escapeData(reason.lines.slice(0, MAX_LINES).join('\n'))}`;
    })
    .join('\n');
}

function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}${location.column ? `:${location.column}` : ''}`;
}

function clip(line: string): string {
  // A clipped curl no longer reproduces anything.
  return line.length > MAX_WIDTH && !line.trimStart().startsWith('reproduce: ')
    ? `${line.slice(0, MAX_WIDTH - 1)}…`
    : line;
}

// Escaping as the GitHub Actions toolkit does it (@actions/core, command.ts).
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
