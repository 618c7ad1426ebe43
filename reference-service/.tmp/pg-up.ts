import { startPostgresServer } from '@tracegate/harness';

const server = await startPostgresServer();
console.log(`URL ${server.url}`);
process.on('SIGTERM', () => {
  server.stop().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
