export type { HarnessErrorCode } from './errors.ts';
export { HarnessError, PrerequisiteError, ProbeError } from './errors.ts';
export type { ProviderCatalog, ProviderContext, ProviderStateInfo } from './gates/pact-provider/types.ts';
export type { DoctorProbes } from './provision/doctor.ts';
export { doctor, machineProbes } from './provision/doctor.ts';
export {
  cachedKafkaClasspath,
  createTopics,
  DEFAULT_KAFKA_VERSION,
  parseBrokers,
  resolveKafkaClasspath,
  selectKafkaStrategy,
  startKafka,
} from './provision/kafka/index.ts';
export type { TopicDefaults } from './provision/kafka/topics.ts';
export { freePort } from './provision/ports.ts';
export { startPostgres, startPostgresServer } from './provision/postgres/index.ts';
export type { Probe, ProbeProblem } from './provision/probe-command.ts';
export { DEFAULT_PORT_PATTERN, portFromLine, startProcess } from './provision/process.ts';
export type { SchemathesisOptions } from './provision/schemathesis.ts';
export { SCHEMATHESIS_VERSION, schemathesis } from './provision/schemathesis.ts';
export type {
  DoctorCheck,
  KafkaHandle,
  KafkaStrategy,
  PortSource,
  PostgresHandle,
  PostgresServerHandle,
  PostgresStrategy,
  ProcessExit,
  ProcessHandle,
  SchemathesisCommand,
  SchemathesisStrategy,
  StartedProcess,
  StartKafkaOptions,
  StartPostgresOptions,
  StartProcessOptions,
  TopicSpec,
} from './provision/types.ts';
export type { TracegateProvidedContext } from './testing/provided-context.ts';
