// `npm run large-documents`: the document gates on GitHub's published REST descriptions (13 MB api.github.com, two
// GitHub Enterprise Server releases, 11 MB each), too large to keep in the repository. They come from the npm
// package @octokit/openapi (fetched once into ~/.cache/tracegate); each gate runs in a child process of its own so
// that its CPU time and peak memory are its own. Prints one line per run; figures, never pass/fail on time.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDocumentGate } from '@tracegate/harness/bench';

const PACKAGE = '@octokit/openapi@23.0.2';
const { values } = parseArgs({
  options: { one: { type: 'string' }, path: { type: 'string' }, released: { type: 'string' } },
});

if (values.one) await measureOne(values.one, values.path ?? '', values.released);
else runAll();

function runAll(): void {
  const generated = fetchDescriptions();
  const github = join(generated, 'api.github.com.json');
  const runs: string[][] = [
    ['contract-documents', github],
    ['breaking-changes', join(generated, 'ghes-3.18.json'), join(generated, 'ghes-3.17.json')],
  ];
  console.log(`load average before: ${loadAverage()}`);
  for (const [gate, path, released] of runs) {
    const args = ['--conditions=tracegate-source', new URL(import.meta.url).pathname, '--one', gate ?? '', '--path'];
    const line = execFileSync(process.execPath, [...args, path ?? '', ...(released ? ['--released', released] : [])], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(line.trim());
  }
  console.log(`load average after: ${loadAverage()}`);
}

/** The package's `generated/` folder, packed and unpacked once. */
function fetchDescriptions(): string {
  const dir = join(homedir(), '.cache', 'tracegate', 'large-documents');
  const generated = join(dir, 'package', 'generated');
  if (existsSync(join(generated, 'api.github.com.json'))) return generated;
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--silent'], { encoding: 'utf8' });
  execFileSync('tar', ['-xzf', join(dir, tarball.trim().split('\n').at(-1) ?? ''), '-C', dir]);
  return generated;
}

async function measureOne(gate: string, path: string, released: string | undefined): Promise<void> {
  const run = await runDocumentGate({ path, ...(gate === 'breaking-changes' && released ? { released } : {}) });
  const usage = process.resourceUsage();
  const sizeMb = (statSync(path).size / 1e6).toFixed(1);
  const cpu = ((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1);
  console.log(
    `${gate} ${basename(path)} (${sizeMb} MB)${released ? ` against ${basename(released)}` : ''}: ` +
      `${run.checks} checks, ${run.failed} failed; CPU ${cpu} s, peak RSS ${Math.round(usage.maxRSS / 1024)} MB, ` +
      `wall ${(run.wallMs / 1000).toFixed(1)} s`,
  );
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
