import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findConfig, loadConfig } from '../config/load.ts';
import { doctor, machineProbes, type PythonServiceProbe } from '../provision/doctor.ts';
import { pythonServiceVenvDir } from '../provision/python-service.ts';
import { virtualenvReady } from '../provision/virtualenv.ts';

/** `tracegate doctor`: one line per prerequisite; exit 1 when a required one is missing. */
export async function runDoctorCommand(argv: readonly string[]): Promise<number> {
  parseArgs({ args: [...argv], options: {} });
  const pythonServices = await pythonServicesHere();
  const checks = await doctor({ ...machineProbes(), pythonServices: () => pythonServices });
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) {
    const mark = check.ok ? 'ok  ' : check.required ? 'FAIL' : 'warn';
    process.stdout.write(`${mark}  ${check.name.padEnd(width)}  ${check.detail}\n`);
    const indent = `      ${' '.repeat(width)}  `;
    if (!check.ok && check.fix) process.stdout.write(`${indent}→ ${check.fix.replaceAll('\n', `\n${indent}  `)}\n`);
  }
  return checks.some((c) => !c.ok && c.required) ? 1 : 0;
}

/** The Python services of the config in the current directory; none when there is no readable config. */
async function pythonServicesHere(): Promise<PythonServiceProbe[]> {
  const loaded = await Promise.resolve()
    .then(() => loadConfig(findConfig({ cwd: process.cwd() })))
    .catch(() => undefined);
  return (loaded?.config.services ?? []).flatMap((service) => {
    const requirements = service.python && resolve(loaded?.dir ?? '.', service.python.requirements);
    if (!requirements || !existsSync(requirements)) return [];
    const venv = pythonServiceVenvDir(readFileSync(requirements, 'utf8'), service.python?.interpreter);
    return [{ service: service.name, venv, ready: virtualenvReady(venv) }];
  });
}
