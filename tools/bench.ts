// `npm run bench`: every workspace's benchmarks, each beside its anchor in the same run, in one table and
// reports/bench.json. `npm run bench -- --only <text>` runs the benches whose name contains the text.
import { parseArgs } from 'node:util';
import { eventValidationBench, runBenches } from '@tracegate/harness/bench';
import { referenceServiceBenches } from '@tracegate/reference-service/bench';
import { traceAssertionBenches } from '@tracegate/trace-assertions/bench';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const asyncapiPath = new URL('../contracts/asyncapi.yaml', import.meta.url).pathname;
const harnessBenches = [eventValidationBench({ asyncapiPath })];
const report = await runBenches([...traceAssertionBenches(), ...referenceServiceBenches(), ...harnessBenches], {
  only: values.only,
  reportsDir: new URL('../reports/', import.meta.url).pathname,
});
process.exitCode = report.errors.length > 0 ? 1 : 0;
