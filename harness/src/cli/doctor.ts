import { parseArgs } from 'node:util';
import { doctor } from '../provision/doctor.ts';

/** `tracegate doctor`: one line per prerequisite; exit 1 when a required one is missing. */
export async function runDoctorCommand(argv: readonly string[]): Promise<number> {
  parseArgs({ args: [...argv], options: {} });
  const checks = await doctor();
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) {
    const mark = check.ok ? 'ok  ' : check.required ? 'FAIL' : 'warn';
    process.stdout.write(`${mark}  ${check.name.padEnd(width)}  ${check.detail}\n`);
    for (const fix of check.ok ? [] : (check.fix?.split('\n') ?? [])) {
      process.stdout.write(`      ${' '.repeat(width)}  → ${fix}\n`);
    }
  }
  return checks.some((c) => !c.ok && c.required) ? 1 : 0;
}
