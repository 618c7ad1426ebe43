// Downloads what the tests would otherwise fetch on first use (Kafka jars, the Schemathesis virtualenv, a Jaeger
// binary and oasdiff built from the Go module proxy, the virtualenvs of Python services), so that
// test timings measure tests: `node harness/src/provision/prefetch.ts [tracegate.config.yaml …]` (default: the
// config in the current directory and those under fixtures/).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { jaegerBinary } from './jaeger.ts';
import { DEFAULT_KAFKA_VERSION, resolveKafkaClasspath } from './kafka/classpath.ts';
import { logToStderr, seconds } from './log.ts';
import { oasdiffBinary } from './oasdiff.ts';
import { pythonServiceEnv } from './python-service.ts';
import { schemathesis } from './schemathesis.ts';

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  const result = await work();
  logToStderr(`prefetch: ${label} in ${seconds(Date.now() - startedAt)}`);
  return result;
}

const version = process.env.TRACEGATE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION;
if (process.env.KAFKA_BROKERS) logToStderr('prefetch: KAFKA_BROKERS is set, Kafka jars not needed');
else {
  const { classpath, cached } = await timed('kafka jars', () => resolveKafkaClasspath(version));
  logToStderr(`prefetch: kafka ${version}: ${classpath.split(':').length} jars${cached ? ' (cached)' : ''}`);
}
const st = await timed('schemathesis', () => schemathesis());
logToStderr(`prefetch: schemathesis ${st.version} via ${st.strategy}: ${st.command.join(' ')}`);
const jaeger = await timed('jaeger', () => jaegerBinary());
logToStderr(`prefetch: jaeger ${jaeger.version}: ${jaeger.path}`);
const oasdiff = await timed('oasdiff', () => oasdiffBinary());
logToStderr(`prefetch: oasdiff ${oasdiff.version}: ${oasdiff.path}`);

const configs =
  process.argv.length > 2
    ? process.argv.slice(2).map((path) => resolve(path))
    : [
        'tracegate.config.yaml',
        ...(existsSync('fixtures')
          ? readdirSync('fixtures').map((d) => join('fixtures', d, 'tracegate.config.yaml'))
          : []),
      ]
        .filter((path) => existsSync(path))
        .map((path) => resolve(path));
for (const path of configs) {
  const loaded = await loadConfig(path);
  for (const service of loaded.config.services) {
    if (!service.python) continue;
    const requirements = resolve(loaded.dir, service.python.requirements);
    const { venv } = await timed(`python ${service.name}`, () =>
      pythonServiceEnv({
        service: service.name,
        requirements,
        ...(service.python?.interpreter ? { python: service.python.interpreter } : {}),
      }),
    );
    logToStderr(`prefetch: ${service.name} virtualenv ${venv.dir}${venv.cached ? ' (cached)' : ''}`);
  }
}
