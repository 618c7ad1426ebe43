import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** The installed PGlite's version: a template is only loaded by the PGlite that wrote it. */
function pgliteVersion(): string {
  const manifest = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** Where the empty, initialised data directory of this PGlite version is kept (a gzipped tarball). */
export function templateFile(dir: string = join(tmpdir(), 'reference-service-pglite')): string {
  return join(dir, `pglite-${pgliteVersion()}-empty.tar.gz`);
}

/**
 * Opens PGlite; a new database (in memory, or a directory without `PG_VERSION`) starts from the kept template instead
 * of running initdb, which took most of a service's start. The first new database writes the template.
 * @example const db = await createPglite('/var/lib/orders');
 */
export async function createPglite(dataDir: string | undefined, template: string = templateFile()): Promise<PGlite> {
  if (dataDir !== undefined && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir);
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const kept = await readFile(template).catch(() => undefined);
  if (kept) {
    const loadDataDir = new Blob([kept]);
    try {
      return await (dataDir === undefined ? PGlite.create({ loadDataDir }) : PGlite.create(dataDir, { loadDataDir }));
    } catch {
      // A damaged template: start this database the long way and write the template again.
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
      if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
    }
  }
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  await keepTemplate(db, template);
  return db;
}

/** Writes the database's data directory as the template (atomically); a failure only costs the next start. */
async function keepTemplate(db: PGlite, template: string): Promise<void> {
  try {
    const dump = await db.dumpDataDir('gzip');
    await mkdir(join(template, '..'), { recursive: true });
    const partial = `${template}.${process.pid}.tmp`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, template);
  } catch {
    // No template: the next new database runs initdb again.
  }
}
