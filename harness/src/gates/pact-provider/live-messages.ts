import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { providerWithMetadata } from '@pact-foundation/pact';
import { type KafkaTap, type TappedMessage, tapKafka, waitUntil } from '@tracegate/trace-assertions';
import { kafkaMessageEvidence } from '../../contracts/traffic-tap.ts';
import type { CheckResult } from '../../report/types.ts';
import type { PactFile, PactInteraction } from '../pact-consumers/pact-files.ts';
import { copyPact, isMessage } from './known-interactions.ts';
import type { MessageProviders } from './provider-modules.ts';
import type { InteractionResult } from './types.ts';
import { verifyProvider } from './verify-provider.ts';

/** Suffix of the check that matches a message interaction against what the provider really published. */
export const LIVE_CHECK_SUFFIX = ' (live Kafka message)';
/** How many of the latest messages on a topic are tried against an interaction. */
const MAX_CANDIDATES = 5;

/** A message interaction to prove on the wire. */
interface Target {
  readonly pact: PactFile;
  readonly index: number;
  readonly interaction: PactInteraction;
  readonly topic: string;
}

/** What trying the live messages gave one interaction. */
interface Proof {
  matched?: TappedMessage;
  latest?: { message: TappedMessage; mismatches: readonly string[] };
}

const topicsOf = (pacts: readonly PactFile[]): string[] => [
  ...new Set(pacts.flatMap((p) => p.interactions.filter(isMessage).flatMap((i) => (i.topic ? [i.topic] : [])))),
];

/** Taps the Kafka topics the message interactions name (`metadata.topic`); undefined when they name none. */
export async function tapPactTopics(brokers: string, pacts: readonly PactFile[]): Promise<KafkaTap | undefined> {
  const topics = topicsOf(pacts);
  if (topics.length === 0) return undefined;
  return tapKafka({ brokers, topics, clientId: 'tracegate-pact-provider' });
}

/**
 * Matches each message interaction also against the messages the running provider published on its topic during
 * the run (payload, key, headers), with Pact's own matching: a pact the event builder satisfies but the live message
 * does not fails, and the check says which of the two broke it.
 */
export async function proveOnTheWire(input: {
  tap: KafkaTap;
  pacts: readonly PactFile[];
  provider: string;
  builder: readonly InteractionResult[];
  waitMs: number;
  scratchDir: string;
  /** Aborting (Ctrl-C) stops the wait for the topics' first messages. */
  signal: AbortSignal;
}): Promise<CheckResult[]> {
  const targets = targetsOf(input.pacts);
  await waitForTopics(input.tap, [...new Set(targets.map((t) => t.topic))], input);
  const proofs = await tryLatestMessages(input, targets);
  const unnamed = input.pacts.flatMap((pact) =>
    pact.interactions.filter((i) => isMessage(i) && !i.topic).map((i) => noTopicCheck(pact, i)),
  );
  return [
    ...unnamed,
    ...targets.map((t) => liveCheck(t, proofs.get(t) ?? {}, builderOk(input.builder, t), input.waitMs)),
  ];
}

const targetsOf = (pacts: readonly PactFile[]): Target[] =>
  pacts.flatMap((pact) =>
    pact.interactions.flatMap((interaction, index): Target[] =>
      isMessage(interaction) && interaction.topic ? [{ pact, index, interaction, topic: interaction.topic }] : [],
    ),
  );

/** Waits until every topic has a message, or `waitMs` has passed (then proves what there is). */
async function waitForTopics(
  tap: KafkaTap,
  topics: readonly string[],
  input: { waitMs: number; signal: AbortSignal },
): Promise<void> {
  const waiting = Symbol('topics still quiet');
  const everyTopicHeard = () => topics.every((topic) => tap.find((m) => m.topic === topic).length > 0);
  await waitUntil<true>({
    subscribe: (onChange) => tap.onMessage(onChange),
    check: () => (everyTopicHeard() ? { done: true, value: true } : { done: false }),
    timeoutMs: input.waitMs,
    signal: input.signal,
    onTimeout: () => waiting,
  }).catch((error: unknown) => {
    if (error !== waiting) throw error;
  });
}

/** Tries the latest messages on each target's topic, newest first, until one matches; a round per candidate. */
async function tryLatestMessages(
  input: { tap: KafkaTap; provider: string; scratchDir: string },
  targets: readonly Target[],
): Promise<Map<Target, Proof>> {
  const candidates = new Map(targets.map((t) => [t.topic, latest(input.tap, t.topic)]));
  const proofs = new Map<Target, Proof>(targets.map((t) => [t, {}]));
  for (let round = 0; round < MAX_CANDIDATES; round++) {
    const batch = targets.filter((t) => !proofs.get(t)?.matched && candidates.get(t.topic)?.[round]);
    if (batch.length === 0) break;
    const pick = (t: Target) => candidates.get(t.topic)?.[round] as TappedMessage;
    const results = await verifyAgainst(input, batch, pick, join(input.scratchDir, `live-${round}`));
    for (const target of batch) {
      const result = results.find(
        (r) => r.consumer === target.pact.consumer && r.description === target.interaction.description,
      );
      const proof = proofs.get(target) as Proof;
      if (result?.ok) proof.matched = pick(target);
      else if (round === 0)
        proof.latest = { message: pick(target), mismatches: result?.mismatches ?? ['not verified'] };
    }
  }
  return proofs;
}

const latest = (tap: KafkaTap, topic: string): TappedMessage[] =>
  tap
    .find((m) => m.topic === topic)
    .reverse()
    .slice(0, MAX_CANDIDATES);

/** Runs the Pact verifier over `batch`, each message provider answering with the live message `pick` chooses. */
async function verifyAgainst(
  input: { provider: string },
  batch: readonly Target[],
  pick: (target: Target) => TappedMessage,
  dir: string,
): Promise<InteractionResult[]> {
  mkdirSync(dir, { recursive: true });
  const messageProviders: MessageProviders = {};
  for (const target of batch) messageProviders[target.interaction.description] ??= asPactMessage(pick(target));
  const pacts = [...new Set(batch.map((t) => t.pact))];
  const pactFiles = pacts.map((pact) =>
    copyPact(pact, (_, index) => batch.some((t) => t.pact === pact && t.index === index), dir),
  );
  // Message interactions never call the base URL: the verifier asks the message providers through its own proxy.
  // No state handlers: the states were set up in the run that caused these messages; running them again would
  // cause more.
  return verifyProvider({ provider: input.provider, baseUrl: 'http://127.0.0.1:9', pactFiles, messageProviders });
}

/** A live message as Pact sees a provider's message: the payload, with topic, key and Kafka headers as metadata. */
function asPactMessage(message: TappedMessage) {
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([name, value]) => [name, typeof value === 'string' ? value : value.join(',')]),
  );
  const contentType = headers['content-type'] ?? (message.json === undefined ? 'text/plain' : 'application/json');
  return providerWithMetadata(() => message.json ?? message.value, {
    ...headers,
    topic: message.topic,
    ...(message.key === null ? {} : { key: message.key }),
    contentType,
  });
}

const builderOk = (builder: readonly InteractionResult[], target: Target): boolean =>
  builder.some((r) => r.ok && r.consumer === target.pact.consumer && r.description === target.interaction.description);

const where = (m: TappedMessage): string => `partition ${m.partition}, offset ${m.offset}, key ${m.key ?? '(none)'}`;

function liveCheck(target: Target, proof: Proof, builderPassed: boolean, waitMs: number): CheckResult {
  const name = `${target.pact.consumer} → ${target.pact.provider}: ${target.interaction.description}${LIVE_CHECK_SUFFIX}`;
  if (proof.matched) {
    const only = builderPassed ? '' : '; only the event builder breaks the pact';
    return {
      name,
      status: 'passed',
      message: `matched the message published on ${target.topic} (${where(proof.matched)})${only}`,
    };
  }
  if (!proof.latest)
    return {
      name,
      status: 'skipped',
      message: `not proven on the wire: nothing was published on ${target.topic} during the run (waited ${waitMs / 1000} s)`,
    };
  const { message, mismatches } = proof.latest;
  const who = builderPassed
    ? "the live message breaks the pact (the provider's event builder satisfies it)"
    : 'both the event builder and the live message break the pact';
  return {
    name,
    status: 'failed',
    message: [
      `${who}: no message published on ${target.topic} during the run matches; the latest (${where(message)}):`,
      ...mismatches,
    ].join('\n'),
    evidence: [kafkaMessageEvidence(message, mismatches)],
  };
}

function noTopicCheck(pact: PactFile, interaction: PactInteraction): CheckResult {
  return {
    name: `${pact.consumer} → ${pact.provider}: ${interaction.description}${LIVE_CHECK_SUFFIX}`,
    status: 'skipped',
    message: 'not proven on the wire: the pact names no topic (metadata.topic)',
  };
}
