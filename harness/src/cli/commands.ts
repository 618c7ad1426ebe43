import type { CommandHelp } from './usage.ts';

/** One `tracegate` command: its help, and its implementation loaded only when it runs. */
export interface Command extends CommandHelp {
  run(argv: readonly string[]): Promise<number>;
}

// One entry per command, in the order `tracegate --help` lists them.
export const COMMANDS: readonly Command[] = [
  {
    name: 'verify',
    summary: 'provision the environment, start the services, run every gate, write reports',
    usage: 'tracegate verify [--config PATH] [--gates a,b] [--skip a,b] [--base-url [NAME=]URL]… [options]',
    options: [
      ['-c, --config PATH', 'config file (default: tracegate.config.yaml here; env TRACEGATE_CONFIG)'],
      ['--gates a,b', 'run only these gates (env TRACEGATE_GATES)'],
      ['--skip a,b', 'skip these gates (env TRACEGATE_SKIP_GATES)'],
      ['--base-url [NAME=]URL', 'use an already running service instead of starting it; repeatable'],
      ['--kafka-brokers LIST', 'use this Kafka cluster instead of provisioning one (env KAFKA_BROKERS)'],
      ['--trace-backend K:URL', 'read spans from jaeger:URL or tempo:URL instead of the in-process receiver'],
      ['--reports DIR', 'where verify.json, junit.xml and index.html go (default reports)'],
      ['--plain', 'timestamped lines instead of a live progress line (default when not a terminal)'],
    ],
    examples: [
      ['tracegate verify', 'every gate, with the config in the current directory'],
      ['tracegate verify --gates contract-documents,breaking-changes', 'only the document gates (no services)'],
      ['tracegate verify --base-url http://localhost:3000 --skip pact-provider', 'against a running service'],
    ],
    notes:
      'Gates, in the order they run: contract-documents, breaking-changes, pact-consumers, pact-provider,\n' +
      'schemathesis, correlation-e2e.\nExit codes: 0 all gates passed, 2 a gate failed, 1 tracegate could not run.',
    run: async (argv) => (await import('./verify.ts')).runVerifyCommand(argv),
  },
  {
    name: 'doctor',
    summary: 'check the prerequisites of every gate and say how to install what is missing',
    usage: 'tracegate doctor',
    examples: [['tracegate doctor', 'one line per prerequisite; alternatives are checked as alternatives']],
    notes: 'Exit codes: 0 every gate can run here, 1 a required prerequisite is missing.',
    run: async (argv) => (await import('./doctor.ts')).runDoctorCommand(argv),
  },
  {
    name: 'init',
    summary: 'inspect a repository and write a starter tracegate.config.yaml',
    usage: 'tracegate init [DIR] [--output FILE] [--force]',
    options: [
      ['-o, --output FILE', 'file to write, relative to DIR (default tracegate.config.yaml)'],
      ['--force', 'overwrite an existing file'],
    ],
    examples: [
      ['tracegate init', 'look for OpenAPI, AsyncAPI and pact files here'],
      ['tracegate init services/orders --force', 'another directory, replacing its config'],
    ],
    run: async (argv) => (await import('./init.ts')).runInitCommand(argv),
  },
  {
    name: 'report',
    summary: 're-render index.html and junit.xml from a verify.json',
    usage: 'tracegate report [--from reports/verify.json]',
    options: [['--from FILE', 'the verify.json to render (default reports/verify.json)']],
    examples: [
      ['tracegate report', 'after editing nothing: refresh reports/index.html'],
      ['tracegate report --from ci-artifacts/verify.json', 'render a report downloaded from CI'],
    ],
    notes: 'Exit codes: 0 the report passed, 2 it records a failed gate, 1 it cannot be read.',
    run: async (argv) => (await import('./report.ts')).runReportCommand(argv),
  },
  {
    name: 'schema',
    summary: 'print the config JSON Schema (--markdown: the config reference)',
    usage: 'tracegate schema [--markdown]',
    options: [['--markdown', 'the config reference as markdown instead of the JSON Schema']],
    examples: [
      ['tracegate schema > tracegate.config.schema.json', 'for editors without the yaml-language-server comment'],
      ['tracegate schema --markdown', 'every config key with its type and meaning'],
    ],
    run: async (argv) => (await import('./schema.ts')).runSchemaCommand(argv),
  },
  {
    name: 'spec',
    summary: 'run YAML trace specs against a running service, receiving its spans over OTLP',
    usage: 'tracegate spec FILE… --base-url URL [--otlp-grpc-port N] [--otlp-http-port N] [--reports DIR]',
    options: [
      ['--base-url URL', 'the service under test (env TRACEGATE_BASE_URL)'],
      ['--otlp-grpc-port N', 'port of the OTLP/gRPC receiver (default 4317)'],
      ['--otlp-http-port N', 'port of the OTLP/HTTP receiver (default 4318)'],
      ['--reports DIR', 'where trace-specs-junit.xml goes (default reports)'],
    ],
    examples: [
      ['tracegate spec specs/*.yaml --base-url http://localhost:3000', 'export spans to localhost:4317 or :4318'],
      ['tracegate spec order.yaml --base-url http://localhost:3000 --otlp-http-port 0', 'any free HTTP port'],
    ],
    notes:
      'Prefer OTLP/HTTP in the service: a gRPC exporter that found no receiver earlier reconnects slowly.\n' +
      'Exit codes: 0 every spec passed, 2 a spec failed, 1 tracegate could not run.',
    run: async (argv) => (await import('./spec.ts')).runSpecCommand(argv),
  },
  {
    name: 'pact',
    summary: 'list the provider states and message descriptions the configured provider modules offer',
    usage: 'tracegate pact states [-c CONFIG] [--json]',
    options: [
      ['-c, --config PATH', 'config file (default: tracegate.config.yaml here; env TRACEGATE_CONFIG)'],
      ['--json', 'the catalog as JSON'],
    ],
    examples: [
      ['tracegate pact states', 'states with their parameters and fromProviderState values, and message descriptions'],
      ['tracegate pact states --json', 'the same, for scripts'],
    ],
    notes: 'A pact interaction naming a state or message description not listed here fails without being run.',
    run: async (argv) => (await import('./pact.ts')).runPactCommand(argv),
  },
];
