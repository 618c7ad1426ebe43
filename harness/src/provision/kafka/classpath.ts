import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { cacheRoot } from '../cache.ts';
import { withLock } from '../lock.ts';
import { runCommand, tail } from '../run-command.ts';

/** Kafka version the harness runs by default (kafkajs 2.2.4 is proven against it). */
export const DEFAULT_KAFKA_VERSION = '4.1.1';

// slf4j-simple must match the slf4j-api the broker brings, or slf4j falls back to a no-op logger.
const SLF4J_SIMPLE: Record<string, string> = { default: '1.7.36' };
const DEPENDENCY_PLUGIN = '3.8.1';

/** Where the resolved classpath of Kafka `version` is cached. */
export function kafkaCacheDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'kafka', version);
}

/** The cached classpath of Kafka `version` if every jar in it is still present, else `undefined`. */
export function cachedKafkaClasspath(version: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = join(kafkaCacheDir(version, env), 'classpath.txt');
  if (!existsSync(file)) return undefined;
  const classpath = readFileSync(file, 'utf8').trim();
  const jars = classpath.split(':').filter(Boolean);
  return jars.length > 0 && jars.every((jar) => existsSync(jar)) ? classpath : undefined;
}

/** A minimal pom whose dependencies are the broker (kafka_2.13) and an slf4j binding. */
export function kafkaPom(version: string): string {
  const slf4j = SLF4J_SIMPLE[version] ?? SLF4J_SIMPLE.default;
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.tracegate</groupId>
  <artifactId>kafka-broker-classpath</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>${slf4j}</version></dependency>
  </dependencies>
  <build><pluginManagement><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>${DEPENDENCY_PLUGIN}</version></plugin>
  </plugins></pluginManagement></build>
</project>
`;
}

/** Resolves the broker's jars with Maven (into ~/.m2) once; later calls read the cached classpath. */
export async function resolveKafkaClasspath(
  version: string = DEFAULT_KAFKA_VERSION,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ classpath: string; cached: boolean }> {
  const hit = cachedKafkaClasspath(version, env);
  if (hit) return { classpath: hit, cached: true };
  const dir = kafkaCacheDir(version, env);
  return withLock(`${dir}.lock`, async () => {
    const again = cachedKafkaClasspath(version, env);
    if (again) return { classpath: again, cached: true };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pom.xml'), kafkaPom(version));
    const partial = join(dir, `classpath.txt.${process.pid}`);
    const args = ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${partial}`];
    const result = await runCommand('mvn', args, { cwd: dir, timeoutMs: 10 * 60_000, env });
    if (result?.code !== 0 || !existsSync(partial)) {
      rmSync(partial, { force: true });
      const output = result ? tail(`${result.stdout}\n${result.stderr}`) : '  | mvn not found';
      throw new HarnessError(
        'PROVISION_FAILED',
        `Maven could not resolve org.apache.kafka:kafka_2.13:${version} (in ${dir}):\n${output}`,
      );
    }
    renameSync(partial, join(dir, 'classpath.txt'));
    return { classpath: readFileSync(join(dir, 'classpath.txt'), 'utf8').trim(), cached: false };
  });
}
