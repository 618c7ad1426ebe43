import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A scratch copy of a git work tree: every tracked and untracked-but-not-ignored file, and a `node_modules` whose
 * entries link to the original's, except the workspace packages, which link to their scratch copies.
 */
export function scratchCopy(root: string, workspaces: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-mutant-'));
  const listed = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    maxBuffer: 64 << 20,
  });
  for (const file of listed.toString('utf8').split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file), { verbatimSymlinks: true });
  }
  linkNodeModules(root, dir, workspaces);
  return dir;
}

function linkNodeModules(root: string, dir: string, workspaces: readonly string[]): void {
  const source = join(root, 'node_modules');
  const target = join(dir, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry === '@tracegate') continue;
    symlinkSync(join(source, entry), join(target, entry));
  }
  mkdirSync(join(target, '@tracegate'), { recursive: true });
  for (const name of readdirSync(join(source, '@tracegate'))) {
    const workspace = workspaces.find((w) => w === name || w.endsWith(`/${name}`)) ?? name;
    symlinkSync(join(dir, workspace), join(target, '@tracegate', name));
  }
  for (const workspace of workspaces) {
    const own = join(root, workspace, 'node_modules');
    if (existsSync(own)) symlinkSync(own, join(dir, workspace, 'node_modules'));
  }
}
