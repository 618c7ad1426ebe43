import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_SCRIPT, TSCONFIG, TYPE_CHECK } from './support/packed-consumer.ts';
import { type RunResult, runCommand, runNode } from './support/run-node.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// npm runs on the Node running this test (the pinned one), not whatever `node` comes first on PATH.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
let workDir: string;
let projectDir: string;
let packed: { filename: string; files: Array<{ path: string }> };

async function npm(args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  const run = await runCommand('npm', args, { cwd, env, timeoutMs });
  if (run.code !== 0) throw new Error(`npm ${args.join(' ')} exited ${run.code}\n${run.output}`);
  return run;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'tracegate-pack-'));
  projectDir = join(workDir, 'consumer');
  // No `clean` first: other workspaces' builds read dist/*.d.ts, and tsc rewrites each file in place.
  await npm(['run', 'build'], packageDir);
  const pack = await npm(['pack', '--json', '--pack-destination', workDir, ...npmFlags], packageDir);
  [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [typeof packed];
  await mkdir(projectDir);
  await writeFile(
    join(projectDir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await npm(['install', join(workDir, packed.filename), ...npmFlags], projectDir);
}, 240_000);

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('the packed @tracegate/trace-assertions installed in a fresh project', () => {
  it('ships the compiled entry points, their declarations and the proto files, without tests', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/vitest/index.js',
        'dist/vitest/index.d.ts',
        'dist/spec/load-trace-spec.js',
        'proto/opentelemetry/proto/collector/trace/v1/trace_service.proto',
      ]),
    );
    expect(files.filter((file) => /\.test\.|test-support|^test\/|^examples\//.test(file))).toEqual([]);
  });

  it('runs an ESM script under plain node: receiver, OTLP/JSON export, selector, exports map', async () => {
    await writeFile(join(projectDir, 'check.mjs'), CONSUMER_SCRIPT);
    const run = await runNode(['check.mjs'], { cwd: projectDir, timeoutMs: 30_000, env });
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
    const installed = join(projectDir, 'node_modules/@tracegate/trace-assertions');
    expect(report).toEqual({
      spans: 2,
      producer: 'orders.created publish',
      grpc: true,
      selectorError: 'SELECTOR_SYNTAX',
      main: `file://${installed}/dist/index.js`,
      vitest: `file://${installed}/dist/vitest/index.js`,
    });
  });

  it('type-checks a TypeScript consumer against the shipped declarations', async () => {
    await writeFile(join(projectDir, 'check-types.ts'), TYPE_CHECK);
    await writeFile(join(projectDir, 'tsconfig.json'), TSCONFIG);
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
    const run = await runNode([tsc, '-p', 'tsconfig.json'], { cwd: projectDir, timeoutMs: 60_000, env });
    expect(run.code, run.output).toBe(0);
    await writeFile(
      join(projectDir, 'check-types.ts'),
      `${TYPE_CHECK}\nconst wrong: number = receiver.grpcEndpoint;\n`,
    );
    const failing = await runNode([tsc, '-p', 'tsconfig.json'], { cwd: projectDir, timeoutMs: 60_000, env });
    expect(failing.code).not.toBe(0);
    expect(failing.stdout).toContain("Type 'string' is not assignable to type 'number'");
  });
});
