// `npm run mutants`: applies each seeded defect of the catalog to a scratch copy of the repository, runs
// `tracegate verify` there and writes reports/mutants.json.
//
//   npm run mutants                          # the whole catalog (tools/mutants/catalog.yaml), one verify each
//   npm run mutants -- --ci                  # the fast subset CI runs
//   npm run mutants -- --only id,id          # chosen mutants
//   npm run mutants -- --flaky 10            # also: the unmodified reference service, 10 verify runs in a row
//   npm run mutants -- --flaky 10 --flaky-config fixtures/inventory-service/tracegate.config.yaml
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { logToStderr } from '../provision/log.ts';
import { readCatalog } from './catalog.ts';
import { type MutantsReport, runFlakiness, runMutants } from './run-mutants.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    catalog: { type: 'string', default: join(root, 'tools/mutants/catalog.yaml') },
    only: { type: 'string' },
    ci: { type: 'boolean', default: false },
    flaky: { type: 'string', default: '0' },
    'flaky-config': { type: 'string', default: 'tracegate.config.yaml' },
    out: { type: 'string', default: join(root, 'reports/mutants.json') },
  },
});
const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] })
  .workspaces;
const options = { root, workspaces, log: logToStderr };
const only = values.only?.split(',').filter(Boolean);
const mutants = readCatalog(values.catalog).filter((m) => (only ? only.includes(m.id) : !values.ci || m.ci));
const report: MutantsReport = await runMutants(mutants, options);
const runs = Number(values.flaky);
const flakiness = runs > 0 ? await runFlakiness({ config: values['flaky-config'], runs }, options) : undefined;
const full: MutantsReport = flakiness ? { ...report, flakiness } : report;
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(full, null, 2)}\n`);
logToStderr(
  `mutants: ${full.caught} of ${full.total} caught${flakiness ? `; unmodified: ${flakiness.passed} of ${flakiness.runs} runs passed` : ''} → ${values.out}`,
);
process.exitCode = full.caught === full.total && (!flakiness || flakiness.passed === flakiness.runs) ? 0 : 2;
