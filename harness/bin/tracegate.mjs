#!/usr/bin/env node
// Entry point of the tracegate CLI. In the source tree it runs the TypeScript sources (type stripping, going
// through the pinned Node when the current one is older); an installed package runs the compiled dist/.
// TRACEGATE_FROM_SOURCE=1 forces the sources, TRACEGATE_FROM_SOURCE=0 the compiled build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIN_INSTALLED = [22, 12];
const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const override = process.env.TRACEGATE_FROM_SOURCE;
const fromSource = override === undefined || override === '' ? existsSync(source) : override !== '0';
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const atLeast = ([wantMajor, wantMinor]) => major > wantMajor || (major === wantMajor && minor >= wantMinor);

function fail(message) {
  process.stderr.write(`tracegate: ${message}\n`);
  process.exit(1);
}

// An installed tracegate runs the registry's kafkajs 2.2.4, which sets a negative timeout whenever a request queue
// drains (tulios/kafkajs#1751): Node >= 24 warns once per process. This repository patches it instead
// (patches/kafkajs+2.2.4.patch), so the sources run with every warning shown.
const quiet = '--disable-warning=TimeoutNegativeWarning';
let command;
if (fromSource) {
  if (!existsSync(source)) fail(`TRACEGATE_FROM_SOURCE is set but ${source} does not exist`);
  const args = ['--conditions=tracegate-source', source, ...process.argv.slice(2)];
  const wrapper = fileURLToPath(new URL('../../tools/node24.mjs', import.meta.url));
  command = atLeast([22, 18]) ? args : [wrapper, 'node', ...args];
} else {
  if (!atLeast(MIN_INSTALLED))
    fail(`Node >= ${MIN_INSTALLED.join('.')} is required (this is Node ${process.versions.node})`);
  if (!existsSync(compiled))
    fail(`${compiled} is missing: build it with "npm run build" (or unset TRACEGATE_FROM_SOURCE)`);
  // A tracegate.config.ts is imported as TypeScript: Node < 22.18 strips types only behind a flag.
  const strip = atLeast([22, 18]) ? [] : ['--experimental-strip-types'];
  command = [quiet, ...strip, compiled, ...process.argv.slice(2)];
}
const child = spawn(process.execPath, command, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
