import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseDocumentText, readDocument } from '../../contracts/read-document.ts';
import { HarnessError } from '../../errors.ts';

const run = promisify(execFile);

/**
 * Reads the released version of a contract: a file path (relative to `dir`), or `git:<ref>:<path>` read with
 * `git show` from the repository that holds `dir` (the path relative to `dir`, e.g. `git:v1.0.0:contracts/openapi.yaml`).
 */
export async function readReleased(source: string, dir: string): Promise<Record<string, unknown>> {
  if (!source.startsWith('git:')) return readDocument(resolve(dir, source));
  const match = /^git:([^:]+):(.+)$/.exec(source);
  if (!match) throw new HarnessError('CONFIG_INVALID', `released "${source}": expected git:<ref>:<path>`);
  const [, ref, path] = match;
  const relative = path?.startsWith('/') ? path : `./${path}`;
  let text: string;
  try {
    ({ stdout: text } = await run('git', ['-C', dir, 'show', `${ref}:${relative}`], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? (error as Error).message;
    throw new HarnessError('CONFIG_INVALID', `released "${source}": git show failed: ${stderr}`, { cause: error });
  }
  // Read by the name of the file inside the repository: a released `.json` is strict JSON like the current one.
  return parseDocumentText(text, source);
}

/**
 * Runs `use` with the released document as a file its relative `$ref`s resolve from: the file itself for a path; for
 * `git:<ref>:<path>`, that file in the repository's tree at the ref, extracted (`git archive`) to a temporary
 * directory that is removed afterwards.
 */
export async function withReleasedFile<T>(source: string, dir: string, use: (file: string) => Promise<T>): Promise<T> {
  const match = /^git:([^:]+):(.+)$/.exec(source);
  if (!match) return use(resolve(dir, source));
  const [, ref = '', path = ''] = match;
  const root = mkdtempSync(join(tmpdir(), 'tracegate-released-'));
  try {
    const top = (await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'])).stdout.trim();
    const prefix = (await run('git', ['-C', dir, 'rev-parse', '--show-prefix'])).stdout.trim();
    await run('sh', ['-c', 'git -C "$0" archive --format=tar "$1" | tar -x -C "$2"', top, ref, root]);
    return await use(path.startsWith('/') ? join(root, path) : resolve(root, prefix, path));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    if (!stderr) throw error;
    throw new HarnessError('CONFIG_INVALID', `released "${source}": its files could not be read: ${stderr}`, {
      cause: error,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
