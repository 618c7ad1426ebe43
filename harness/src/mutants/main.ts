// `npm run mutants`: applies each seeded defect of the catalog to a scratch copy of the repository, runs
// `tracegate verify` there and writes reports/mutants.json after every run (a crashed run keeps what it measured).
//
//   npm run mutants                          # the whole catalog (tools/mutants/catalog.yaml), one verify each,
//                                            # plus one green verify per config and gate selection (red/green times)
//   npm run mutants -- --ci                  # the fast subset CI runs
//   npm run mutants -- --only id,id          # chosen mutants
//   npm run mutants -- --no-baseline         # no green runs (no red/green times)
//   npm run mutants -- --flaky 10            # also: the unmodified reference service, 10 verify runs in a row;
//                                            # a failed run's verify.json and log stay in reports/mutants/flaky-<n>/
//   npm run mutants -- --no-mutants --flaky 10 --flaky-config fixtures/inventory-service/tracegate.config.yaml
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HarnessError } from '../errors.ts';
import { logToStderr } from '../provision/log.ts';
import { type Mutant, readCatalog } from './catalog.ts';
import { type BaselineRun, type FlakinessReport, type MutantResult, summarize, writeReport } from './report.ts';
import { runBaselines, runFlakiness, runMutants } from './run-mutants.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  allowNegative: true,
  options: {
    catalog: { type: 'string', default: join(root, 'tools/mutants/catalog.yaml') },
    only: { type: 'string' },
    ci: { type: 'boolean', default: false },
    mutants: { type: 'boolean', default: true },
    baseline: { type: 'boolean', default: true },
    flaky: { type: 'string', default: '0' },
    'flaky-config': { type: 'string', default: 'tracegate.config.yaml' },
    out: { type: 'string', default: join(root, 'reports/mutants.json') },
    keep: { type: 'string', default: join(root, 'reports/mutants') },
  },
});
const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;
const options = { root, workspaces, log: logToStderr };
const runs = Number(values.flaky);
if (!Number.isInteger(runs) || runs < 0)
  throw new HarnessError('CONFIG_INVALID', `--flaky ${values.flaky}: expected a whole number of runs`);
const mutants = values.mutants ? select(readCatalog(values.catalog)) : [];

const parts: { mutants: MutantResult[]; baselines: BaselineRun[]; flakiness?: FlakinessReport } = {
  mutants: [],
  baselines: [],
};
const save = (): void => writeReport(values.out, summarize(parts));
save();
if (values.baseline)
  await runBaselines(mutants, {
    ...options,
    onResult: (run) => {
      parts.baselines.push(run);
      save();
    },
  });
await runMutants(mutants, {
  ...options,
  onResult: (result) => {
    parts.mutants.push(result);
    save();
  },
});
if (runs > 0) {
  const target = { config: values['flaky-config'], runs, keepDir: values.keep };
  await runFlakiness(target, {
    ...options,
    onProgress: (tally) => {
      parts.flakiness = tally;
      save();
    },
  });
}
const full = summarize(parts);
const { flakiness } = full;
logToStderr(
  `mutants: ${full.caught} of ${full.total} caught${full.timing.maxRatio === undefined ? '' : `; red/green verify time at most ${full.timing.maxRatio}×`}${flakiness ? `; unmodified: ${flakiness.passed} of ${flakiness.runs} runs passed` : ''} → ${values.out}`,
);
// A mutant counts as caught only against an unmodified tree that passes the same gates.
const greenBaselines = full.baselines.every((b) => b.exitCode === 0);
if (!greenBaselines) logToStderr('mutants: an unmodified baseline run failed; its mutants prove nothing');
const allCaught = full.caught === full.total;
process.exitCode = allCaught && greenBaselines && (!flakiness || flakiness.passed === flakiness.runs) ? 0 : 2;

function select(catalog: Mutant[]): Mutant[] {
  const only = values.only?.split(',').filter(Boolean);
  const unknown = only?.filter((id) => !catalog.some((m) => m.id === id)) ?? [];
  if (unknown.length > 0)
    throw new HarnessError('CONFIG_INVALID', `--only: no mutant ${unknown.join(', ')} in ${values.catalog}`);
  return catalog.filter((m) => (only ? only.includes(m.id) : !values.ci || m.ci));
}
