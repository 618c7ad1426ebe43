export type { PostgresHandle, PostgresServerHandle, PostgresStrategy, StartPostgresOptions } from '../types.ts';
export { startPostgresServer } from './server.ts';
export { startPostgres } from './start-postgres.ts';
