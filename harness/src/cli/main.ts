import { HarnessError } from '../errors.ts';

const HELP = `tracegate — contract and telemetry gates for services

Usage: tracegate <command> [options]

Commands:
  verify    provision the environment, start the services, run every gate, write reports
  doctor    check prerequisites (Java + Maven or Docker for Kafka, Python for Schemathesis) and say what to fix
  init      inspect this repository and write a starter tracegate.config.yaml
  report    re-render reports/index.html and junit.xml from reports/verify.json
  schema    print the config JSON Schema (--markdown: the config reference)
  spec      run YAML trace specs against a running service: tracegate spec FILE… --base-url URL
            (opens an OTLP receiver on :4317/:4318, --otlp-grpc-port/--otlp-http-port to change; JUnit in reports/;
            prefer OTLP/HTTP in the service: a gRPC exporter that found no receiver earlier reconnects slowly)

verify options:
  -c, --config PATH         config file (default: tracegate.config.yaml in the current directory; env TRACEGATE_CONFIG)
  --gates a,b               run only these gates (env TRACEGATE_GATES)
  --skip a,b                skip these gates (env TRACEGATE_SKIP_GATES)
  --base-url [NAME=]URL     use an already running service instead of starting it; repeatable (env TRACEGATE_BASE_URL)
  --kafka-brokers LIST      use this Kafka cluster instead of provisioning one (env KAFKA_BROKERS)
  --trace-backend K:URL     read spans from jaeger:URL or tempo:URL instead of the in-process OTLP receiver
  --reports DIR             where verify.json, junit.xml and index.html go (default reports)
  --plain                   timestamped lines instead of a live progress line (default when not a terminal)

Gates, in the order they run:
  contract-documents, breaking-changes, pact-consumers, pact-provider, schemathesis, correlation-e2e

Exit codes: 0 all gates passed, 2 a gate failed, 1 tracegate could not run.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Each command loads only its own modules: `schema` or `--help` stay instant.
  switch (command) {
    case 'verify':
      return (await import('./verify.ts')).runVerifyCommand(rest);
    case 'doctor':
      return (await import('./doctor.ts')).runDoctorCommand(rest);
    case 'init':
      return (await import('./init.ts')).runInitCommand(rest);
    case 'report':
      return (await import('./report.ts')).runReportCommand(rest);
    case 'spec':
      return (await import('./spec.ts')).runSpecCommand(rest);
    case 'schema':
      return (await import('./schema.ts')).runSchemaCommand(rest);
    case 'pact':
      return (await import('./pact.ts')).runPactCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 1 : 0;
    default:
      throw new HarnessError('USAGE', `unknown command "${command}" (try tracegate --help)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Known failures get one line; anything else is a bug worth its stack.
  if (error instanceof HarnessError) console.error(`tracegate: ${error.message}`);
  else if (error instanceof TypeError && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`tracegate: ${error.message} (try tracegate --help)`);
  } else console.error(error);
  process.exitCode = 1;
}
