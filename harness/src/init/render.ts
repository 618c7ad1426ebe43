import type { Inspection } from './inspect.ts';

/** Writes a commented starter tracegate.config.yaml from what `inspectRepository` found. */
export function renderStarterConfig(found: Inspection, options: { schemaPath: string }): string {
  const name = found.packageName?.replace(/^@[^/]+\//, '') ?? 'my-service';
  const lines = [
    `# yaml-language-server: $schema=${options.schemaPath}`,
    '# tracegate configuration: what to start, which contracts to check, which gates to run.',
    '# Reference: https://github.com/tracegate/tracegate/blob/main/docs/config-reference.md (from the schema above).',
    `system: ${name}`,
    '',
    ...servicesSection(found, name),
    ...kafkaSection(found),
    ...(found.openapi.length + found.asyncapi.length > 0 ? ['contracts:'] : ['# contracts:']),
    ...contract('openapi', found.openapi),
    ...contract('asyncapi', found.asyncapi),
    '',
    ...pactsSection(found, name),
    ...scenariosSection(name),
    ...gatesSection(found),
  ];
  return lines.join('\n');
}

function servicesSection(found: Inspection, name: string): string[] {
  return [
    'services:',
    `  - name: ${name}                # service.name as your traces report it`,
    '    start:',
    `      command: [npm, start]       # found: ${found.startScript ? JSON.stringify(found.startScript) : 'no start script, edit me'}`,
    '      env:',
    '        PORT: "0"                 # tracegate reads the bound port from the log (portFromLog)',
    '        KAFKA_BROKERS: ${kafka.brokers}',
    '        OTEL_EXPORTER_OTLP_ENDPOINT: ${otlp.grpcEndpoint}',
    `    health: ${found.healthPath ?? '/health/ready'}${found.healthPath ? '                   # found in the OpenAPI document' : '             # a path that answers 2xx once the service is ready'}`,
    '',
  ];
}

/** Kafka on, with the AsyncAPI documents' topics, when they name a Kafka server or binding; commented out otherwise. */
function kafkaSection(found: Inspection): string[] {
  const { topics, declared } = found.kafka;
  const on = declared && topics.length > 0;
  const prefix = on ? '' : '# ';
  const list = topics.length > 0 ? `[${topics.map((topic) => JSON.stringify(topic)).join(', ')}]` : '[my.topic]';
  return [
    `${prefix}kafka:`,
    `${prefix}  brokers: provision          # or host:port,host:port of your own cluster`,
    `${prefix}  topics: ${list}${topics.length > 0 ? "   # the AsyncAPI channels' addresses" : ''}`,
    '',
  ];
}

function pactsSection(found: Inspection, name: string): string[] {
  const pact = found.pacts[0];
  return pact
    ? ['pacts:', `  dir: ${found.pactDirs[0]}`, `  provider: ${pact.provider}`, `  providerService: ${name}`, '']
    : ['# pacts:', '#   dir: pacts', '#   provider: my-service', ''];
}

function scenariosSection(name: string): string[] {
  return [
    '# scenarios:                    # end-to-end: a request, then the correlation chain that must follow',
    '#   - name: create',
    `#     request: { service: ${name}, method: POST, path: /things, body: {} }`,
    '#     chain:',
    `#       - { kind: http-server, service: ${name} }`,
    `#       - { kind: log, service: ${name} }`,
    '',
  ];
}

/** Each gate enabled when the repository has what it checks. */
function gatesSection(found: Inspection): string[] {
  return [
    'gates:',
    `  contract-documents: { enabled: ${found.openapi.length + found.asyncapi.length > 0} }`,
    `  schemathesis: { enabled: ${found.openapi.length > 0}, maxExamples: 50 }`,
    `  pact-provider: { enabled: ${found.pacts[0] !== undefined} }`,
    '',
  ];
}

function contract(kind: 'openapi' | 'asyncapi', paths: readonly string[]): string[] {
  const [first, ...rest] = paths;
  if (!first) return [`#   ${kind}: { path: ${kind}.yaml, released: git:main:${kind}.yaml }`];
  const others = rest.length > 0 ? [`  # other ${kind} documents found: ${rest.join(', ')}`] : [];
  return [
    `  ${kind}:`,
    `    path: ${first}`,
    `    # released: git:v1.0.0:${first}   # last released version, for breaking-change checks`,
    ...others,
  ];
}
