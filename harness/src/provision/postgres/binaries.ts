import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { postgresServerPrerequisite } from '../prerequisites.ts';

/** Server programs of one PostgreSQL installation. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Finds initdb and postgres: `$PG_BIN`, the newest `/usr/lib/postgresql/<major>/bin` (Debian), else PATH. */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries | undefined {
  const debian = '/usr/lib/postgresql';
  const majors = existsSync(debian)
    ? readdirSync(debian)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const dirs = [
    ...(env.PG_BIN ? [env.PG_BIN] : []),
    ...majors.map((major) => join(debian, major, 'bin')),
    ...(env.PATH ?? '').split(delimiter).filter(Boolean),
  ];
  const dir = dirs.find(
    (candidate) => existsSync(join(candidate, 'initdb')) && existsSync(join(candidate, 'postgres')),
  );
  return dir ? { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') } : undefined;
}

/** The uid/gid to run the server as: the `postgres` user when we are root (postgres refuses root), else ourselves. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw postgresServerPrerequisite();
  return { uid: Number(uid), gid: Number(gid) };
}
