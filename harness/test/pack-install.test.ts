import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../src/report/types.ts';

const harnessDir = fileURLToPath(new URL('..', import.meta.url));
const assertionsDir = join(harnessDir, '../trace-assertions');
const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
// The oldest Node major the packages support (engines >= 22.12): its newest release, from the npm registry.
const NODE_22 = '22.23.5';
// Plain `node` (the pinned one running this test) first on PATH; nothing that would select the sources.
const env: NodeJS.ProcessEnv = { PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
for (const [key, value] of Object.entries(process.env)) {
  const dropped = /^(npm_(?!config_(cache|userconfig|registry)$)|TRACEGATE_(?!CACHE$)|NODE_OPTIONS$|PATH$)/i;
  if (!dropped.test(key)) env[key] = value;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly output: string;
}
interface Packed {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

let workDir: string;
let projectDir: string;
let project22Dir: string;
let node22Bin: string;
let packed: { harness: Packed; assertions: Packed };

/** Runs a command to completion; on timeout kills its whole process group and fails. */
function run(command: string, args: readonly string[], options: { cwd: string; timeoutMs?: number; env?: object }) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...env, ...options.env }, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish in time:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output: `${stdout}\n${stderr}` });
    });
  });
}

async function npm(args: readonly string[], cwd: string, timeoutMs = 150_000, extraEnv: object = {}): Promise<Run> {
  const result = await run('npm', args, { cwd, timeoutMs, env: extraEnv });
  if (result.code !== 0) throw new Error(`npm ${args.join(' ')} exited ${result.code}\n${result.output}`);
  return result;
}

/** `npm run build`; type errors (work in progress elsewhere, `tsc -b` gates them) are printed, not fatal. */
async function build(dir: string, entry: string): Promise<void> {
  const result = await run('npm', ['run', 'build', '--loglevel=error'], { cwd: dir, timeoutMs: 120_000 });
  if (result.code === 0) return;
  if (!/error TS\d+/.test(result.output) || !existsSync(join(dir, entry))) {
    throw new Error(`build of ${dir} failed (exit ${result.code})\n${result.output}`);
  }
  console.warn(`type errors while building ${dir} (JavaScript emitted anyway):\n${result.output}`);
}

/** Packs without lifecycle scripts (we just built); retried because the library's own pack test cleans dist/. */
async function pack(dir: string, entry: string, must: readonly string[]): Promise<Packed> {
  for (let attempt = 1; ; attempt++) {
    await build(dir, entry);
    const out = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', workDir, ...npmFlags], dir);
    const [result] = JSON.parse(out.stdout.slice(out.stdout.indexOf('['))) as [Packed];
    const paths = new Set(result.files.map((f) => f.path));
    if (must.every((path) => paths.has(path)) || attempt === 3) return result;
  }
}

/** The Node 22 binary, fetched into the project cache the way tools/node24.mjs fetches the pinned Node. */
async function fetchNode22(): Promise<string> {
  const tools = new URL('../../tools/node24.mjs', import.meta.url).href;
  const { installNode } = (await import(tools)) as { installNode: (version: string) => string };
  return installNode(NODE_22);
}

/** Environment whose `node` (and so npm, npx and the tracegate bin) is Node 22. */
const node22Env = () => ({ PATH: `${node22Bin}${delimiter}${env.PATH ?? ''}` });

/** A fresh project with both tarballs installed by npm running on the given environment's Node. */
async function installProject(dir: string, tarballs: readonly string[], extraEnv: object = {}): Promise<void> {
  await mkdir(dir);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'packed-service', type: 'module' }));
  await npm(['install', '--save-dev', ...tarballs, ...npmFlags], dir, 360_000, extraEnv);
}

const tracegate = (args: readonly string[], options: { cwd?: string; env?: object } = {}) =>
  run('npx', ['--no', '--', 'tracegate', ...args], { cwd: options.cwd ?? projectDir, env: options.env ?? {} });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tracegate-harness-pack-'));
  projectDir = join(workDir, 'service');
  const assertions = await pack(assertionsDir, 'dist/index.js', ['dist/index.js', 'dist/vitest/index.js']);
  const harness = await pack(harnessDir, 'dist/cli/main.js', ['dist/cli/main.js']);
  packed = { harness, assertions };
  project22Dir = join(workDir, 'service-node22');
  node22Bin = await fetchNode22();
  const tarballs = [assertions.filename, harness.filename].map((file) => join(workDir, file));
  // One pack, one install per Node version; the two installs share npm's cache and run side by side.
  await Promise.all([installProject(projectDir, tarballs), installProject(project22Dir, tarballs, node22Env())]);
}, 660_000);

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('the packed @tracegate/harness installed in a fresh project', () => {
  it('ships the compiled CLI, its declarations and the config schema; no sources, tests or test support', () => {
    const files = packed.harness.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'bin/tracegate.mjs',
        'dist/cli/main.js',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/config/validate.js',
        'schema/tracegate.config.schema.json',
      ]),
    );
    expect(files.filter((f) => /^src\/|\.test\.|\.ts$(?<!\.d\.ts)|global-setup|testing\.js|bench/.test(f))).toEqual([]);
    const installed = join(projectDir, 'node_modules/@tracegate/harness');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toHaveProperty(['@tracegate/trace-assertions']);
  });

  it('ships LICENSE, CHANGELOG and the metadata a registry page shows, in both packages', () => {
    for (const [name, pack] of Object.entries(packed)) {
      expect(
        pack.files.map((file) => file.path),
        name,
      ).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md']));
    }
    for (const name of ['harness', 'trace-assertions']) {
      const dir = join(projectDir, 'node_modules/@tracegate', name);
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain(
        'Apache License\n                           Version 2.0',
      );
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      expect(manifest, name).toMatchObject({
        license: 'Apache-2.0',
        repository: { type: 'git', directory: name },
        homepage: expect.stringMatching(/^https:\/\//),
        keywords: expect.arrayContaining(['opentelemetry']),
        scripts: { prepack: expect.stringContaining('npm run build') },
      });
    }
  });

  it('answers --version and a command --help from the tarball, and the library loads beside it', async () => {
    const version = await tracegate(['--version']);
    expect(version.stdout).toBe('tracegate 0.1.0\n');
    const help = await tracegate(['verify', '--help']);
    expect(help.code, help.output).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const script =
      "import('@tracegate/trace-assertions').then((m) => console.log(typeof m.findSpans, typeof m.startOtlpReceiver))";
    const library = await run(process.execPath, ['-e', script], { cwd: projectDir });
    expect(library.stdout, library.output).toBe('function function\n');
  });

  it('prints the usage with every command, from the compiled build', async () => {
    const help = await tracegate(['--help']);
    expect(help.code, help.output).toBe(0);
    for (const command of ['verify', 'doctor', 'init', 'report', 'schema']) {
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
    const forced = await tracegate(['--help'], { env: { TRACEGATE_FROM_SOURCE: '1' } });
    expect(forced.code).toBe(1);
    expect(forced.output).toMatch(/tracegate: TRACEGATE_FROM_SOURCE is set but .*src\/cli\/main\.ts does not exist/);
  });

  it('prints the config JSON Schema it ships', async () => {
    const schema = await tracegate(['schema']);
    expect(schema.code, schema.output).toBe(0);
    const shipped = readFileSync(join(harnessDir, 'schema/tracegate.config.schema.json'), 'utf8');
    expect(JSON.parse(schema.stdout)).toEqual(JSON.parse(shipped));
  });

  it('init writes a starter config that verify loads, validates and reports on', async () => {
    await writeFile(
      join(projectDir, 'openapi.yaml'),
      'openapi: 3.1.0\ninfo: { title: t, version: 1.0.0 }\npaths: {}\n',
    );
    const init = await tracegate(['init']);
    expect(init.code, init.output).toBe(0);
    expect(init.stdout).toContain('OpenAPI: openapi.yaml');
    const config = await readFile(join(projectDir, 'tracegate.config.yaml'), 'utf8');
    const schemaPath = 'node_modules/@tracegate/harness/schema/tracegate.config.schema.json';
    expect(config.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaPath}`);
    expect(existsSync(join(projectDir, schemaPath))).toBe(true);

    const reports = join(workDir, 'reports');
    const verify = await tracegate(['verify', '--gates', 'correlation-e2e', '--reports', reports, '--plain']);
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toMatch(/correlation-e2e\s+skipped/);
    const report = JSON.parse(await readFile(join(reports, 'verify.json'), 'utf8')) as VerifyReport;
    expect(report.tool).toEqual({ name: 'tracegate', version: '0.1.0' });
    expect(report.system).toBe('packed-service');
    expect(report.gates.find((gate) => gate.name === 'correlation-e2e')).toMatchObject({
      status: 'skipped',
      details: { reason: 'no scenarios in the config' },
    });
    expect(report.gates.filter((gate) => gate.status !== 'skipped')).toEqual([]);
    expect(await readFile(join(reports, 'junit.xml'), 'utf8')).toContain('correlation-e2e');
    expect(await readFile(join(reports, 'index.html'), 'utf8')).toContain('correlation-e2e');
  });

  it('doctor reports the Node, Kafka and Schemathesis prerequisites', async () => {
    const doctor = await tracegate(['doctor']);
    expect([0, 1], doctor.output).toContain(doctor.code);
    expect(doctor.stdout).toMatch(new RegExp(`^(ok|warn|FAIL) +node +Node ${process.versions.node}$`, 'm'));
    expect(doctor.stdout).toMatch(/^(ok {2}|FAIL) +kafka +(via |none of: )/m);
    expect(doctor.stdout).toMatch(/^(ok {2}|FAIL) +schemathesis +(via |none of: )/m);
  });
});

describe('the same tarballs installed and run on Node 22', () => {
  const node22 = (args: readonly string[]) => run('node', args, { cwd: project22Dir, env: node22Env() });
  const tracegate22 = (args: readonly string[]) =>
    run('npx', ['--no', '--', 'tracegate', ...args], { cwd: project22Dir, env: node22Env() });

  it('runs the installed CLI on Node 22: doctor names that Node, --help and a verify run work', async () => {
    const version = await node22(['--version']);
    expect(version.stdout).toBe(`v${NODE_22}\n`);
    const doctor = await tracegate22(['doctor']);
    expect(doctor.stdout, doctor.output).toMatch(
      new RegExp(`^(ok|warn) +node +Node ${NODE_22.replaceAll('.', '\\.')}$`, 'm'),
    );
    const help = await tracegate22(['verify', '--help']);
    expect(help.code, help.output).toBe(0);
    expect(help.stdout).toContain('Examples:');

    await writeFile(
      join(project22Dir, 'openapi.yaml'),
      'openapi: 3.1.0\ninfo: { title: t, version: 1.0.0 }\npaths: {}\n',
    );
    const init = await tracegate22(['init']);
    expect(init.code, init.output).toBe(0);
    const reports = join(workDir, 'reports-node22');
    const verify = await tracegate22(['verify', '--gates', 'correlation-e2e', '--reports', reports, '--plain']);
    expect(verify.code, verify.output).toBe(0);
    const report = JSON.parse(await readFile(join(reports, 'verify.json'), 'utf8')) as VerifyReport;
    expect(report.gates.find((gate) => gate.name === 'correlation-e2e')?.status).toBe('skipped');
  });

  it('loads the library on Node 22 and its receiver accepts an OTLP/JSON export', async () => {
    const script = `
      import { startOtlpReceiver } from '@tracegate/trace-assertions';
      const receiver = await startOtlpReceiver();
      const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /x',
        kind: 2, startTimeUnixNano: '1000', endTimeUnixNano: '2000' };
      const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] };
      const body = JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ spans: [span] }] }] });
      const response = await fetch(receiver.httpTracesUrl, { method: 'POST', body,
        headers: { 'content-type': 'application/json' } });
      console.log(process.versions.node, response.status, receiver.stats().acceptedSpans,
        receiver.store.spans().map((s) => s.name).join());
      await receiver.close();`;
    await writeFile(join(project22Dir, 'receive.mjs'), script);
    const result = await node22(['receive.mjs']);
    expect(result.stdout, result.output).toBe(`${NODE_22} 200 1 GET /x\n`);
  });
});
