import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCompositeAction } from './pipelines-runner.ts';

const root = resolve(import.meta.dirname, '../..');
const actionFile = join(root, 'pipelines/github/action.yml');
const fixture = (name: string) => join(root, `fixtures/reports/${name}.json`);

const stub = `#!/usr/bin/env bash
printf '%s\\n' "$@" > "$STUB_ARGS"
while [ $# -gt 0 ]; do case "$1" in --reports) dir="$2"; shift ;; esac; shift; done
if [ -n "$STUB_FIXTURE" ]; then mkdir -p "$dir" && cp "$STUB_FIXTURE" "$dir/verify.json"; fi
exit "$STUB_EXIT"
`;

const workspaces: string[] = [];
afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the action in a fresh workspace with `tracegate` replaced by a stub that writes a fixture verify.json. */
function run(inputs: Record<string, string>, stubbed: { fixture?: string; exit: number }) {
  const workspace = mkdtempSync(join(tmpdir(), 'tracegate-action-'));
  workspaces.push(workspace);
  mkdirSync(join(workspace, 'service'));
  writeFileSync(join(workspace, 'service/tracegate.config.yaml'), 'system: demo\n');
  const bin = join(workspace, 'stub-tracegate');
  writeFileSync(bin, stub);
  chmodSync(bin, 0o755);
  const jobEnv = {
    TRACEGATE_BIN: bin,
    STUB_ARGS: join(workspace, 'stub-args'),
    STUB_FIXTURE: stubbed.fixture ? fixture(stubbed.fixture) : '',
    STUB_EXIT: String(stubbed.exit),
  };
  const result = runCompositeAction({
    actionFile,
    workspace,
    inputs: { 'working-directory': 'service', ...inputs },
    jobEnv,
  });
  const args = existsSync(jobEnv.STUB_ARGS) ? readFileSync(jobEnv.STUB_ARGS, 'utf8').trim().split('\n') : [];
  const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::error'));
  const status = Object.fromEntries(result.steps.map((s) => [s.name, s.status]));
  return { ...result, workspace, args, annotations, status };
}

describe('GitHub composite action, run locally in bash', () => {
  it('fails on a failing run with a summary row per gate and one annotation per failure', () => {
    const r = run({ gates: 'pact-provider,schemathesis,correlation-e2e' }, { fixture: 'failing', exit: 2 });
    expect(r.args).toEqual([
      'verify',
      '--config',
      'tracegate.config.yaml',
      '--reports',
      'reports',
      '--gates',
      'pact-provider,schemathesis,correlation-e2e',
    ]);
    expect(r.status).toEqual({
      'Set up Node.js': 'not-run-locally',
      'Check inputs': 'success',
      'Compute the tool cache key': 'success',
      'Restore the provisioned tools': 'not-run-locally',
      'Run tracegate verify': 'success',
      'Summarize tracegate results': 'success',
      'Upload tracegate reports': 'not-run-locally',
      'Apply fail-on': 'failure',
    });
    expect(r.steps.find((s) => s.name === 'Compute the tool cache key')?.outputs).toEqual({
      key: 'tracegate-os-arch-unknown-kafka-default',
    });
    expect(r.steps.at(-1)?.exitCode).toBe(2);
    expect(r.failed).toBe(true);
    expect(r.outputs).toEqual({
      ok: 'false',
      'exit-code': '2',
      report: join(r.workspace, 'service/reports/verify.json'),
    });

    expect(r.summary).toContain('## ❌ tracegate: 3 of 7 gates failed');
    const rows = r.summary.split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| Gate'));
    expect(
      rows.map((l) =>
        l
          .split('|')
          .slice(1, 5)
          .map((c) => c.trim()),
      ),
    ).toEqual([
      ['contract-documents', '✅ passed', '4', '0'],
      ['breaking-changes', '✅ passed', '2', '0'],
      ['pact-consumers', '✅ passed', '2', '0'],
      ['pact-provider', '❌ failed', '5', '1'],
      ['schemathesis', '❌ failed', '5', '1'],
      ['correlation-e2e', '❌ failed', '2', '1'],
      ['asyncapi-traffic', '⏭️ skipped', '0', '0'],
    ]);
    expect(r.summary).toContain('correlation id lost at "payment-service log lines"');

    expect(r.annotations).toHaveLength(3);
    expect(r.annotations[0]).toMatch(
      /^::error file=service\/tracegate\.config\.yaml,title=tracegate pact-provider%3A order-web → order-service%3A a request for an existing order \(given order ord_42 exists\)::response body does not match the pact%0A\$\.totalCents/,
    );
    expect(r.annotations[1]).toMatch(
      /^::error file=service\/tracegate\.config\.yaml,title=tracegate schemathesis%3A POST \/orders::not_a_server_error.*%0APOST http:\/\/127\.0\.0\.1:38411\/orders → 500$/,
    );
    expect(r.annotations[2]).toMatch(
      /title=tracegate correlation-e2e%3A place order → payment authorized → order confirmed::correlation id lost at "payment-service log lines": 2 log lines/,
    );
  });

  it('passes on a passing run: summary says so, no annotations, ok output true', () => {
    const r = run({}, { fixture: 'passing', exit: 0 });
    expect(r.args).toEqual(['verify', '--config', 'tracegate.config.yaml', '--reports', 'reports']);
    expect(r.failed).toBe(false);
    expect(r.outputs.ok).toBe('true');
    expect(r.summary).toContain('## ✅ tracegate: all 7 gates passed');
    expect(r.summary).toContain('| correlation-e2e | ✅ passed | 2 | 0 |');
    expect(r.annotations).toEqual([]);
  });

  it.each([
    ['error', 'failing', 2, false],
    ['never', 'failing', 2, false],
    ['error', undefined, 1, true],
    ['failed', undefined, 1, true],
  ] as const)('fail-on=%s with a %s report and exit code %d fails the job: %s', (failOn, report, exit, failed) => {
    const r = run({ 'fail-on': failOn }, { ...(report ? { fixture: report } : {}), exit });
    expect(r.failed).toBe(failed);
    if (!report) {
      expect(r.summary).toContain('tracegate could not run');
      expect(r.annotations).toEqual([
        expect.stringMatching(/^::error title=tracegate could not run::tracegate wrote no report at .*\(exit code 1\)/),
      ]);
    }
  });

  it('rejects an unknown fail-on, skips upload when asked, and still summarizes', () => {
    const bad = run({ 'fail-on': 'sometimes' }, { fixture: 'passing', exit: 0 });
    expect(bad.status['Check inputs']).toBe('failure');
    expect(bad.status['Run tracegate verify']).toBe('skipped');
    expect(bad.stdout).toContain('fail-on must be failed, error or never');
    expect(bad.failed).toBe(true);
    const noUpload = run({ 'upload-reports': 'false' }, { fixture: 'passing', exit: 0 });
    expect(noUpload.status['Upload tracegate reports']).toBe('skipped');
  });

  it('passes hostile inputs to tracegate as plain arguments, never as shell code', () => {
    const r = run(
      { config: '$(touch pwned-config)"; touch pwned-quote; "', gates: '`touch pwned-gates`' },
      { fixture: 'passing', exit: 0 },
    );
    expect(r.args).toEqual([
      'verify',
      '--config',
      '$(touch pwned-config)"; touch pwned-quote; "',
      '--reports',
      'reports',
      '--gates',
      '`touch pwned-gates`',
    ]);
    for (const file of ['pwned-config', 'pwned-quote', 'pwned-gates']) {
      expect(existsSync(join(r.workspace, 'service', file))).toBe(false);
      expect(existsSync(join(r.workspace, file))).toBe(false);
    }
  });

  it('summarize.mjs runs on the oldest Node on this machine', () => {
    const candidates = ['/usr/bin/node', '/usr/local/bin/node', process.execPath].filter((p) => existsSync(p));
    const versioned = candidates.map((bin) => ({
      bin,
      major: Number(spawnSync(bin, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout),
    }));
    const oldest = versioned.sort((a, b) => a.major - b.major)[0];
    if (!oldest) throw new Error('no node binary found');
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-summary-'));
    workspaces.push(dir);
    const summary = join(dir, 'summary.md');
    const result = spawnSync(oldest.bin, [join(root, 'pipelines/github/scripts/summarize.mjs')], {
      encoding: 'utf8',
      env: { TRACEGATE_REPORT: fixture('failing'), TRACEGATE_EXIT_CODE: '2', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('::error title='))).toHaveLength(3);
    expect(readFileSync(summary, 'utf8')).toContain('| schemathesis | ❌ failed | 5 | 1 |');
  });

  it('summarize.mjs says whether the tool cache was hit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-summary-'));
    workspaces.push(dir);
    const summary = join(dir, 'summary.md');
    const run = (hit: string) => {
      const result = spawnSync(process.execPath, [join(root, 'pipelines/github/scripts/summarize.mjs')], {
        encoding: 'utf8',
        env: {
          TRACEGATE_REPORT: fixture('passing'),
          TRACEGATE_EXIT_CODE: '0',
          GITHUB_STEP_SUMMARY: summary,
          TRACEGATE_CACHE_KEY: 'tracegate-Linux-X64-tracegate-0.1.0-kafka-default',
          TRACEGATE_CACHE_HIT: hit,
        },
      });
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(summary, 'utf8');
    };
    expect(run('true')).toContain('Tool cache: hit — `tracegate-Linux-X64-tracegate-0.1.0-kafka-default`');
    expect(run('')).toContain('Tool cache: miss (provisioned from scratch, saved for the next run)');
  });
});
