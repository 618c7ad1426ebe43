import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HarnessError } from '../errors.ts';
import type { VerifyReport } from '../report/types.ts';
import { writeReports } from '../report/write.ts';

/** `tracegate report [--from reports/verify.json]`: re-renders junit.xml and index.html. */
export function runReportCommand(argv: readonly string[]): number {
  const { values } = parseArgs({ args: [...argv], options: { from: { type: 'string' } } });
  const from = resolve(values.from ?? 'reports/verify.json');
  if (!existsSync(from)) throw new HarnessError('USAGE', `${from} not found: run "tracegate verify" first`);
  let report: VerifyReport;
  try {
    report = JSON.parse(readFileSync(from, 'utf8')) as VerifyReport;
  } catch (error) {
    throw new HarnessError('USAGE', `${from} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(report.gates)) throw new HarnessError('USAGE', `${from} is not a tracegate verify report`);
  const files = writeReports(report, dirname(from));
  process.stdout.write(`wrote ${files.junit}\nwrote ${files.html}\n`);
  return report.ok ? 0 : 2;
}
