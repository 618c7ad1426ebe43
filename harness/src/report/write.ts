import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtmlReport } from './html/index.ts';
import { renderJUnit } from './junit.ts';
import type { VerifyReport } from './types.ts';

/** Paths of the three reports of a run. */
export interface ReportFiles {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

/** Writes verify.json, junit.xml and the self-contained index.html into `dir`. */
export function writeReports(report: VerifyReport, dir: string): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = { json: join(dir, 'verify.json'), junit: join(dir, 'junit.xml'), html: join(dir, 'index.html') };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.junit, renderJUnit(report));
  writeFileSync(files.html, renderHtmlReport(report));
  return files;
}
