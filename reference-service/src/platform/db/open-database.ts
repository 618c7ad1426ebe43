import type { DatabaseLocation } from '../config/database-url.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite-database.ts';
import { openPostgres } from './postgres-database.ts';

/** Opens a context's database from its parsed URL. */
export function openDatabase(location: DatabaseLocation): Promise<Database> {
  switch (location.kind) {
    case 'postgres':
      return openPostgres(location.url);
    case 'pglite':
      return openPglite(location.dataDir);
    case 'pglite-memory':
      return openPglite(undefined);
  }
}
