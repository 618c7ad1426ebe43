// Event validation from raw Kafka records (key, value, header bytes): the harness's message validator against bare
// ajv on the same schemas and bytes (valid records), and against asyncapi-validator (invalid records, all errors).
import { createRequire } from 'node:module';
import type { Bench, BenchResult } from '@tracegate/trace-assertions/bench';
import { Ajv, type Ajv as AjvCore, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type AsyncApiModel, loadAsyncApiModel } from '../contracts/asyncapi-model.ts';
import { compileMessageValidator, lastHeaderValues, type WireMessage } from '../contracts/message-validator.ts';
import { stripExtensions } from '../contracts/strip-extensions.ts';
import { exampleRecords, type RawRecord } from './event-messages.ts';

/** Options of {@link eventValidationBench}. */
export interface EventValidationBenchOptions {
  /** The AsyncAPI document whose messages' examples are validated. */
  readonly asyncapiPath: string;
  /** Each record is validated this many times per round (default 2,000). */
  readonly repeat?: number;
  /** Alternating rounds; the best CPU time of each side counts (default 5). */
  readonly rounds?: number;
}

interface AsyncApiValidatorInstance {
  validate(key: string, payload: unknown, channel: string, operation: string): boolean;
}
const { fromSource } = createRequire(import.meta.url)('asyncapi-validator') as {
  fromSource(path: string, options: { msgIdentifier: string }): Promise<AsyncApiValidatorInstance>;
};

const addFormats = addFormatsModule as unknown as (ajv: AjvCore) => AjvCore;

/** The event-validation bench: two results, each beside its anchor in the same run. */
export function eventValidationBench(options: EventValidationBenchOptions): Bench {
  return {
    name: 'event validation',
    async run(): Promise<BenchResult[]> {
      const model = await loadAsyncApiModel(options.asyncapiPath);
      const { valid, invalid } = exampleRecords(model);
      if (valid.length === 0) throw new Error(`${options.asyncapiPath} has no message examples to validate`);
      const project = projectValidator(model);
      const bare = bareAjvValidator(model);
      const anchor = await asyncApiValidator(options.asyncapiPath, model);
      checkVerdicts(valid, invalid, project, bare, anchor);
      const timing = { repeat: options.repeat ?? 2_000, rounds: options.rounds ?? 5 };
      const [validProject, validBare] = compare(valid, [project, bare], timing);
      const [invalidProject, invalidAnchor] = compare(invalid, [project, anchor], timing);
      return [
        result(
          'event validation, valid records (payload + headers + key) vs bare ajv',
          validProject,
          validBare,
          1 / 1.2,
          '≤ 1.2× bare ajv',
        ),
        result(
          'event validation, invalid records, all errors vs asyncapi-validator',
          invalidProject,
          invalidAnchor,
          3,
          '≥ 3× asyncapi-validator',
        ),
      ];
    },
  };
}

/** A validator of one raw record: the number of errors it found. */
type RecordValidator = (record: RawRecord) => number;

/** The harness path: the record decoded as the Kafka tap decodes it, then the compiled message validator. */
function projectValidator(model: AsyncApiModel): RecordValidator {
  const validator = compileMessageValidator(model);
  return (record) => validator.validate(toWire(record)).errors.length;
}

function toWire(record: RawRecord): WireMessage {
  const headers: Record<string, string> = {};
  for (const name in record.headers) headers[name] = (record.headers[name] as Buffer).toString('utf8');
  return {
    topic: record.topic,
    key: record.key === null ? null : record.key.toString('utf8'),
    value: record.value.toString('utf8'),
    valueBytes: record.value,
    headers,
  };
}

/** Bare ajv (defaults, formats), compiled once on the same payload, header and key schemas: decode, parse, validate. */
function bareAjvValidator(model: AsyncApiModel): RecordValidator {
  const ajv = addFormats(new Ajv({ strict: false }));
  const headerAjv = addFormats(new Ajv({ strict: false, coerceTypes: true }));
  const byTopic = new Map<string, { payload?: ValidateFunction; headers?: ValidateFunction; key?: ValidateFunction }>();
  const compile = (target: AjvCore, schema: unknown) => target.compile(stripExtensions(schema) as object);
  for (const channel of model.channels)
    for (const message of channel.messages)
      byTopic.set(channel.address, {
        ...(message.payload ? { payload: compile(ajv, message.payload.schema) } : {}),
        ...(message.headers ? { headers: compile(headerAjv, message.headers.schema) } : {}),
        ...(message.key ? { key: compile(ajv, message.key.schema) } : {}),
      });
  return (record) => {
    const wire = toWire(record);
    const schemas = byTopic.get(wire.topic);
    let errors = 0;
    if (schemas?.payload && !schemas.payload(JSON.parse(wire.value ?? 'null')))
      errors += schemas.payload.errors?.length ?? 1;
    if (schemas?.headers && !schemas.headers(lastHeaderValues(wire.headers)))
      errors += schemas.headers.errors?.length ?? 1;
    if (schemas?.key && !schemas.key(wire.key)) errors += schemas.key.errors?.length ?? 1;
    return errors;
  };
}

/** asyncapi-validator (payload only; it throws on an invalid one, with every error): decode, JSON.parse, validate. */
async function asyncApiValidator(path: string, model: AsyncApiModel): Promise<RecordValidator> {
  const validator = await fromSource(path, { msgIdentifier: 'name' });
  const action = new Map(model.channels.map((c) => [c.id, c.actions.has('send') ? 'send' : 'receive']));
  return (record) => {
    const wire = toWire(record);
    try {
      validator.validate(
        record.messageName,
        JSON.parse(wire.value ?? 'null'),
        record.channelId,
        action.get(record.channelId) ?? 'send',
      );
      return 0;
    } catch (error) {
      return ((error as { errors?: unknown[] }).errors ?? [error]).length;
    }
  };
}

/** The bench measures nothing unless every validator accepts the valid records and rejects the invalid ones. */
function checkVerdicts(valid: RawRecord[], invalid: RawRecord[], ...validators: RecordValidator[]): void {
  for (const [index, validate] of validators.entries()) {
    const accepted = valid.filter((r) => validate(r) === 0).length;
    const rejected = invalid.filter((r) => validate(r) > 0).length;
    if (accepted !== valid.length || rejected !== invalid.length)
      throw new Error(
        `validator ${index} accepted ${accepted} of ${valid.length} valid and rejected ${rejected} of ${invalid.length} invalid records`,
      );
  }
}

/** Best CPU µs per record of each validator over alternating rounds. */
function compare(
  records: RawRecord[],
  validators: [RecordValidator, RecordValidator],
  timing: { repeat: number; rounds: number },
): [number, number] {
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY] as [number, number];
  let sink = 0;
  for (let round = 0; round < timing.rounds; round += 1) {
    for (const [side, validate] of validators.entries()) {
      const before = process.cpuUsage();
      for (let i = 0; i < timing.repeat; i += 1) for (const record of records) sink += validate(record);
      const used = process.cpuUsage(before);
      best[side] = Math.min(best[side] as number, (used.user + used.system) / (timing.repeat * records.length));
    }
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
}

function result(name: string, project: number, anchor: number, minRatio: number, goal: string): BenchResult {
  const ratio = anchor / project;
  return {
    name,
    unit: 'µs/record (CPU)',
    project: round(project),
    anchor: round(anchor),
    ratio: round(ratio),
    goal,
    met: ratio >= minRatio,
  };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
