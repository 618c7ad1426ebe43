import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../errors.ts';
import { pythonServiceEnv, pythonServiceVenvDir } from './python-service.ts';

const cache = mkdtempSync(join(tmpdir(), 'tracegate-python-service-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const env = { TRACEGATE_CACHE: cache, PATH: '/usr/bin' };

describe('python service virtualenvs', () => {
  it('keys the virtualenv by requirements content and interpreter', () => {
    const dir = pythonServiceVenvDir('fastapi==0.165.0\n', undefined, env);
    expect(dir).toMatch(new RegExp(`^${cache}/venv/requirements-[0-9a-f]{16}$`));
    expect(pythonServiceVenvDir('fastapi==0.165.0\n', undefined, env)).toBe(dir);
    expect(pythonServiceVenvDir('fastapi==0.164.0\n', undefined, env)).not.toBe(dir);
    expect(pythonServiceVenvDir('fastapi==0.165.0\n', 'python3.12', env)).not.toBe(dir);
  });

  it('reuses an installed virtualenv and puts its bin first on PATH', async () => {
    const requirements = join(cache, 'requirements.txt');
    writeFileSync(requirements, 'uvicorn==0.54.0\n');
    const dir = pythonServiceVenvDir('uvicorn==0.54.0\n', undefined, env);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.tracegate-complete'), '');
    const { venv, env: serviceEnv } = await pythonServiceEnv({ service: 'api', requirements, env });
    expect(venv).toEqual({ dir, bin: join(dir, 'bin'), cached: true });
    expect(serviceEnv).toEqual({ PATH: `${dir}/bin:/usr/bin`, VIRTUAL_ENV: dir });
  });

  it('names the service and the file when the requirements cannot be read', async () => {
    const error = await pythonServiceEnv({ service: 'api', requirements: join(cache, 'missing.txt'), env }).catch(
      (e: unknown) => e,
    );
    expect(error instanceof HarnessError && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(`service api: python.requirements ${cache}/missing.txt cannot be read`);
  });
});
