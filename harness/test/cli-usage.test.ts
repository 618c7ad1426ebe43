import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'tg-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const COMMANDS = ['verify', 'doctor', 'init', 'report', 'schema', 'spec'];
const cli = (args: string[]) => runCli(args, { cwd: dir, timeoutMs: 60_000 });

describe('tracegate explains itself', () => {
  it.each(COMMANDS)('%s --help prints the usage and examples, exit 0', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Usage: tracegate ${command}`);
    expect(run.output).toMatch(new RegExp(`Examples:\\n  # .+\\n  tracegate ${command}`));
  });

  it('lists every command in the top-level help and prints the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.output).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.output).toMatch(/^tracegate \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['frob'], 'tracegate: unknown command "frob" (commands: verify, doctor, init, report, schema, spec, pact)'],
    [['verify', '--nope'], 'tracegate verify: unknown option --nope'],
    [['verify', 'stray'], 'tracegate verify: unexpected argument "stray"'],
    [['init', '--output'], "tracegate init: Option '-o, --output <value>' argument missing"],
    [['report', 'a.json'], 'tracegate report: unexpected argument "a.json"'],
    [['doctor', '--fix'], 'tracegate doctor: unknown option --fix'],
    [['spec', 'x.yaml'], 'tracegate spec: --base-url URL of the service under test is required'],
    [['verify', '--trace-backend', 'zipkin:x'], 'tracegate: --trace-backend: expected jaeger:URL or tempo:URL'],
  ])('%j: exit 1, one line and the usage, no stack', async (args, line) => {
    const run = await cli(args);
    expect(run.code, run.output).toBe(1);
    const [first, usage] = run.output.split('\n');
    expect(first).toContain(line);
    expect(usage).toMatch(/^usage: tracegate /);
    expect(run.output).not.toMatch(/\n\s+at |TypeError/);
  });

  it('tolerates a space after the comma of --gates', async () => {
    writeFileSync(
      join(dir, 'tracegate.config.yaml'),
      'system: x\nservices:\n  - name: a\n    baseUrl: http://127.0.0.1:9\n',
    );
    const run = await cli(['verify', '--gates', 'correlation-e2e,', 'contract-documents']);
    expect(run.code, run.output).toBe(0);
    const ran = run.report().gates.filter((g) => g.details?.reason !== 'not selected (--gates)');
    expect(ran.map((g) => g.name).sort()).toEqual(['contract-documents', 'correlation-e2e']);
    const typo = await cli(['verify', '--gates', 'correlation-e2, schemathsis']);
    expect(typo.code).toBe(1);
    expect(typo.output).toMatch(/^tracegate: unknown gate "correlation-e2", "schemathsis" \(gates: /m);
  });

  it('rejects a mistyped placeholder with its line and column before provisioning anything', async () => {
    const config = join(dir, 'typo.yaml');
    writeFileSync(
      config,
      'system: x\nservices:\n  - name: a\n    start:\n      command: [node, main.js]\n      env:\n        KAFKA_BROKERS: ${kafka.broker}\n',
    );
    const run = await cli(['verify', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `${config}:7:24: services[0].start.env.KAFKA_BROKERS: unknown placeholder \${kafka.broker} (did you mean \${kafka.brokers}?)`,
    );
    expect(run.output).not.toMatch(/kafka:|provision|\n\s+at /i);
  });
});
