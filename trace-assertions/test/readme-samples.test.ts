import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, runNode } from './support/run-node.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const samples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
// Inside the package, so '@tracegate/trace-assertions' and the OpenTelemetry packages resolve as for a user.
const dir = join(packageDir, `.readme-samples-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Names the README's samples take from the surrounding text (a trace you received, your child process…). */
const CONTEXT: Record<string, string> = {
  trace: 'declare const trace: import("@tracegate/trace-assertions").Trace;',
  traceId: 'declare const traceId: string;',
  child:
    'declare const child: import("node:child_process").ChildProcessWithoutNullStreams; // spawn(…) with piped stdio',
  receiver: 'declare const receiver: import("@tracegate/trace-assertions").OtlpReceiver;',
  correlationId: 'declare const correlationId: string;',
  hops: 'declare const hops: import("@tracegate/trace-assertions").Hop[];',
  logs: 'declare const logs: import("@tracegate/trace-assertions").LogStore;',
  tap: 'declare const tap: import("@tracegate/trace-assertions").KafkaTap;',
  options: 'declare const options: import("@tracegate/trace-assertions").CorrelationChainOptions;',
  exchanges: 'declare const exchanges: import("@tracegate/trace-assertions").RecordedExchange[];',
  expect: 'import { expect } from "vitest";',
};

/** The context a sample needs: names it uses without declaring or importing them. */
function contextOf(sample: string): string[] {
  return Object.keys(CONTEXT).filter((name) => {
    const used = new RegExp(`(?<![.'"/\\w-])${name}\\b(?![:-])`).test(sample);
    const declared = [
      `\\b(const|let)\\s+${name}\\b`,
      `\\b(const|let)\\s*[[{][^\\]}]*\\b${name}\\b[^\\]}]*[\\]}]\\s*=`,
      `\\bimport\\s*(type\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}`,
    ].some((pattern) => new RegExp(pattern).test(sample));
    return used && !declared;
  });
}

describe('the README code samples', () => {
  it('has samples to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
  });

  it('type-check against the package, as a user would write them', { timeout: 240_000 }, async () => {
    mkdirSync(dir, { recursive: true });
    samples.forEach((sample, i) => {
      const context = contextOf(sample).map((name) => CONTEXT[name]);
      writeFileSync(join(dir, `sample-${i + 1}.ts`), `${context.join('\n')}\n${sample}\nexport {};\n`);
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: {
          noEmit: true,
          composite: false,
          declaration: false,
          emitDeclarationOnly: false,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
    const run = await runNode([tsc, '-p', dir], { cwd: dir, timeoutMs: 200_000 });
    expect(run.output.replaceAll(`${dir}/`, '').trim(), 'tsc').toBe('');
    expect(run.code).toBe(0);
  });

  it('run, when they need nothing from the surrounding text', { timeout: 120_000 }, async () => {
    const runnable = samples.map((sample, i) => ({ sample, i })).filter(({ sample }) => contextOf(sample).length === 0);
    expect(runnable.length).toBeGreaterThanOrEqual(3);
    mkdirSync(dir, { recursive: true });
    for (const { sample, i } of runnable) {
      const file = join(dir, `run-${i + 1}.ts`);
      writeFileSync(file, sample);
      const run = await runCommand(process.execPath, ['--conditions=tracegate-source', file], {
        cwd: dir,
        timeoutMs: 60_000,
      });
      expect(run.code, `sample ${i + 1}:\n${sample}\n${run.output}`).toBe(0);
    }
  });

  it('links nothing outside the package', () => {
    const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
    expect(links.filter((link) => !/^https?:\/\//.test(link) && !link.startsWith('#'))).toEqual([]);
  });
});
