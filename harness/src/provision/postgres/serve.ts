// Keeps a throwaway PostgreSQL server running for a CI script: `node serve.ts <url-file>` writes the URL to
// <url-file> once the server accepts connections, and stops it on SIGTERM/SIGINT or when its parent exits.
import { renameSync, writeFileSync } from 'node:fs';
import { logToStderr, seconds } from '../log.ts';
import { startPostgresServer } from './server.ts';

const urlFile = process.argv[2];
if (!urlFile) {
  logToStderr('usage: node harness/src/provision/postgres/serve.ts <url-file>');
  process.exit(1);
}
const startedAt = Date.now();
const server = await startPostgresServer().catch((error: Error) => {
  logToStderr(`postgres: ${error.message}`);
  process.exit(1);
});
writeFileSync(`${urlFile}.tmp`, `${server.url}\n`);
renameSync(`${urlFile}.tmp`, urlFile);
logToStderr(`postgres: server ${server.url} (data ${server.dataDir}) ready in ${seconds(Date.now() - startedAt)}`);

const parent = process.ppid;
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
// The CI script may be killed without running its trap: follow it.
setInterval(() => {
  if (process.ppid !== parent) void shutdown();
}, 1_000);
