#!/usr/bin/env node
// Entry point of the tracegate CLI: runs the TypeScript sources under Node >= 22.18 (type stripping),
// going through the project's pinned Node when the current one is older.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
// kafkajs 2.2.4 passes negative timeouts on Node >= 24: a harmless warning that would clutter every run.
const args = ['--conditions=tracegate-source', '--disable-warning=TimeoutNegativeWarning', main, ...process.argv.slice(2)];
const modern = major > 22 || (major === 22 && minor >= 18);
const wrapper = fileURLToPath(new URL('../../tools/node24.mjs', import.meta.url));
const child = modern
  ? spawn(process.execPath, args, { stdio: 'inherit' })
  : spawn(process.execPath, [wrapper, 'node', ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
