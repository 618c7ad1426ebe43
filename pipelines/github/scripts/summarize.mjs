#!/usr/bin/env node
// Writes the GitHub job summary (a markdown table per gate) and `::error` annotations from tracegate's verify.json.
// Plain JavaScript for any Node >= 18, no dependencies. Reads everything from the environment:
//   TRACEGATE_REPORT           path of verify.json (required)
//   TRACEGATE_EXIT_CODE        exit code of `tracegate verify` (0 passed, 2 a gate failed, 1 could not run)
//   TRACEGATE_ANNOTATION_FILE  repository-relative file that annotations without a better file point at
//   GITHUB_STEP_SUMMARY        file the summary is appended to (set by GitHub Actions)
import { appendFileSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const MAX_ANNOTATIONS = 10; // GitHub shows at most 10 error annotations per step.
const icons = { passed: '✅', failed: '❌', skipped: '⏭️' };

/** Escapes text for one markdown table cell (no pipes, no newlines, no raw HTML). */
export function cell(text) {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Escapes a workflow command's message (data) part. */
export function commandData(text) {
  return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (file=, title=). */
export function commandProperty(text) {
  return commandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function duration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function firstBroken(scenario) {
  const chain = scenario.chain ?? [];
  const named = chain.find((hop) => hop.label === scenario.firstBrokenHop);
  return named ?? chain.find((hop) => hop.status === 'broken');
}

/** Every failure as { gate, title, message, file? }, in report order. */
export function failures(report) {
  const out = [];
  for (const gate of report.gates ?? []) {
    if (gate.status !== 'failed') continue;
    const before = out.length;
    for (const scenario of gate.details?.scenarios ?? []) {
      if (scenario.status !== 'failed') continue;
      const hop = firstBroken(scenario);
      const message = hop
        ? `correlation id lost at "${hop.label}"${hop.reason ? `: ${hop.reason}` : ''}`
        : 'scenario failed';
      out.push({ gate: gate.name, title: `${gate.name}: ${scenario.name}`, message });
    }
    for (const check of gate.details?.checks ?? []) {
      if (check.status !== 'failed') continue;
      const diff = (check.evidence ?? []).find((e) => e.kind === 'schema-diff');
      const message = [check.message, ...evidenceLines(check.evidence ?? [])].filter(Boolean).join('\n');
      out.push({
        gate: gate.name,
        title: `${gate.name}: ${check.name}`,
        message: message || 'failed',
        file: diff?.document,
      });
    }
    if (out.length === before)
      out.push({ gate: gate.name, title: gate.name, message: gate.details?.reason ?? 'gate failed' });
  }
  return out;
}

function evidenceLines(evidence) {
  return evidence.flatMap((e) => {
    if (e.kind === 'http-request') return [`${e.method} ${e.url}${e.response ? ` → ${e.response.status}` : ''}`];
    if (e.kind === 'pact-mismatch') return e.mismatches;
    if (e.kind === 'kafka-message') return [`topic ${e.topic}: ${e.errors.join('; ')}`];
    if (e.kind === 'schema-diff') return e.changes.filter((c) => c.breaking).map((c) => `${c.path}: ${c.message}`);
    return [];
  });
}

/** The job summary in markdown. */
export function summaryMarkdown(report, exitCode) {
  const gates = report.gates ?? [];
  const failed = gates.filter((g) => g.status === 'failed').length;
  const head = report.ok
    ? `## ✅ tracegate: all ${gates.length} gates passed`
    : `## ❌ tracegate: ${failed} of ${gates.length} gates failed`;
  const lines = [
    head,
    '',
    `**${cell(report.system)}** · started ${cell(report.startedAt)} · took ${duration(report.durationMs)} · tracegate ${cell(report.tool?.version)}${exitCode === undefined ? '' : ` · exit code ${exitCode}`}`,
    '',
    '| Gate | Status | Checks | Failures | Duration | Summary |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...gates.map(
      (g) =>
        `| ${cell(g.name)} | ${icons[g.status] ?? ''} ${cell(g.status)} | ${g.checks} | ${g.failures} | ${duration(g.durationMs)} | ${cell(g.details?.reason ?? g.details?.summary ?? '')} |`,
    ),
  ];
  const found = failures(report);
  if (found.length > 0) {
    lines.push('', '### Failures', '', ...found.map((f) => `- **${cell(f.title)}** — ${cell(f.message)}`));
  }
  lines.push('', '_Full report: `reports/index.html` in the uploaded artifact._', '');
  return lines.join('\n');
}

/** The `::error` workflow commands for the failures, capped at what GitHub displays. */
export function annotations(report, defaultFile) {
  const found = failures(report);
  const shown = found.slice(0, MAX_ANNOTATIONS);
  return shown.map((f, i) => {
    const file = f.file ?? defaultFile;
    const props = [file ? `file=${commandProperty(file)}` : '', `title=${commandProperty(`tracegate ${f.title}`)}`];
    const more =
      i === shown.length - 1 && found.length > shown.length
        ? `\n(${found.length - shown.length} more failures in the job summary)`
        : '';
    return `::error ${props.filter(Boolean).join(',')}::${commandData(f.message + more)}`;
  });
}

/** One line on the tool cache, when the action used one: whether provisioning started warm. */
export function cacheLine(env) {
  if (!env.TRACEGATE_CACHE_KEY) return '';
  const hit = env.TRACEGATE_CACHE_HIT === 'true';
  return `\nTool cache: ${hit ? 'hit' : 'miss (provisioned from scratch, saved for the next run)'} — \`${env.TRACEGATE_CACHE_KEY}\`\n`;
}

function main(env) {
  const path = env.TRACEGATE_REPORT;
  const exitCode =
    env.TRACEGATE_EXIT_CODE === undefined || env.TRACEGATE_EXIT_CODE === ''
      ? undefined
      : Number(env.TRACEGATE_EXIT_CODE);
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (!path || !existsSync(path)) {
    const message = `tracegate wrote no report at ${path || '(TRACEGATE_REPORT not set)'}${exitCode === undefined ? '' : ` (exit code ${exitCode})`}; see the step log.`;
    if (summaryFile) appendFileSync(summaryFile, `## ⚠️ tracegate could not run\n\n${cell(message)}\n`);
    process.stdout.write(`::error title=${commandProperty('tracegate could not run')}::${commandData(message)}\n`);
    return;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  if (summaryFile) appendFileSync(summaryFile, summaryMarkdown(report, exitCode) + cacheLine(env));
  for (const line of annotations(report, env.TRACEGATE_ANNOTATION_FILE)) process.stdout.write(`${line}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main(process.env);
