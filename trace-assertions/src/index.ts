export type { JaegerBackendOptions, TempoBackendOptions } from './backends/backends.ts';
export { jaegerBackend, spansFromJaegerV3, spansFromTempo, tempoBackend } from './backends/backends.ts';
export { spansFromJaegerLegacy } from './backends/jaeger-legacy.ts';
export type { BackendWaitOptions, TraceBackend } from './backends/poll-backend.ts';
export type { WaitForCorrelationChainOptions } from './chain/assert-correlation-chain.ts';
export { assertCorrelationChain, formatChain, waitForCorrelationChain } from './chain/assert-correlation-chain.ts';
export { checkCorrelationChain } from './chain/check-correlation-chain.ts';
export type { TeethCounts, TeethEvidence, TeethIssue, TeethResult } from './chain/prove-teeth.ts';
export { formatTeethCounts, proveTeeth } from './chain/prove-teeth.ts';
export type { TeethMutationKind } from './chain/teeth-mutations.ts';
export type { TraceParent } from './chain/traceparent.ts';
export { parseTraceparent } from './chain/traceparent.ts';
export { checkEffects } from './effects/check-effects.ts';
export { DEFAULT_EFFECT_WITHIN_MS, exchangeMatchesEffect } from './effects/check-request-effects.ts';
export type { MessagePosition } from './effects/consumed.ts';
export {
  checkDeadLettered,
  checkNoSecondEffect,
  consumesTrace,
  messageTraceId,
  wasConsumed,
} from './effects/consumed.ts';
export { effectContractNames, messageRuleNames, requestContractName } from './effects/contract-names.ts';
export { toCurl } from './effects/curl.ts';
export { defaultPartition, murmur2 } from './effects/partitioner.ts';
export { checkServerSpanStatus, httpStatusOf } from './effects/server-span-status.ts';
export type {
  CheckEffectsOptions,
  EffectContracts,
  EffectEvidence,
  EffectIssue,
  EffectsResult,
  EmittedEffect,
  MessageRule,
  RecordedExchange,
  RequestEffect,
} from './effects/types.ts';
export type { TraceAssertionErrorCode, TraceAssertionErrorOptions } from './errors.ts';
export { isTraceAssertionError, SelectorSyntaxError, TraceAssertionError } from './errors.ts';
export type { InMemorySpanExporter, InMemorySpanExporterOptions } from './exporter/in-memory-span-exporter.ts';
export { createInMemorySpanExporter } from './exporter/in-memory-span-exporter.ts';
export { headerValue, matchMessage } from './kafka/decode-message.ts';
export type { DrainOptions, DrainResult, KafkaTap, TapKafkaOptions } from './kafka/tap-kafka.ts';
export { tapKafka } from './kafka/tap-kafka.ts';
export type { CaptureLogsOptions } from './logs/capture-logs.ts';
export { captureLogs } from './logs/capture-logs.ts';
export type { LogIssue, LogsCarryTraceIdOptions, LogsCarryTraceIdResult } from './logs/log-assertions.ts';
export { assertLogsCarryTraceId, checkLogsCarryTraceId } from './logs/log-assertions.ts';
export type { LogStore } from './logs/log-store.ts';
export type { LogFieldAliases } from './logs/parse-log-line.ts';
export type { OtlpParseResult, SpansFromOtlpOptions } from './otlp/to-spans.ts';
export { spansFromOtlp } from './otlp/to-spans.ts';
export type {
  ChainIssueCode,
  CheckOutcome,
  EffectIssueCode,
  Failed,
  Issue,
  IssueCode,
  LogIssueCode,
  Passed,
  SpecIssueCode,
  TeethIssueCode,
  TraceIssueCode,
} from './outcome.ts';
export { issuesOf } from './outcome.ts';
export { assertNoSpan, assertSpan, assertSpanCount, assertTrace } from './query/assertions.ts';
export { SpanQueryBuilder, span } from './query/builder.ts';
export { checkTrace } from './query/check-trace.ts';
export { describeQuery } from './query/describe.ts';
export type { NearestOptions } from './query/find-spans.ts';
export { findSpans, nearestSpans, type SpanSource } from './query/find-spans.ts';
export { formatSpan } from './query/format.ts';
export type { ParseSelectorOptions } from './query/selector-parser.ts';
export { parseSelector } from './query/selector-parser.ts';
export { toQuery } from './query/to-query.ts';
export type { OtlpReceiver, OtlpReceiverOptions, ReceiverStats } from './receiver/start-otlp-receiver.ts';
export { startOtlpReceiver } from './receiver/start-otlp-receiver.ts';
export { parseAssertion } from './spec/assertion-parser.ts';
export { evaluateSpanSpec } from './spec/evaluate-spec.ts';
export type { JUnitOptions } from './spec/junit.ts';
export { toJUnit } from './spec/junit.ts';
export { loadTraceSpec, loadTraceSpecFile } from './spec/load-trace-spec.ts';
export type { RunTraceSpecOptions } from './spec/run-trace-spec.ts';
export { runTraceSpec, runTraceSpecs } from './spec/run-trace-spec.ts';
export type { BackendSpanSourceOptions, TraceSpanSource } from './spec/span-source.ts';
export { backendSpanSource, storeSpanSource } from './spec/span-source.ts';
export type {
  AssertionOperator,
  AssertionTarget,
  ChainSegment,
  FollowUpStep,
  HttpExchange,
  HttpTrigger,
  LoadTraceSpecOptions,
  RequestIssue,
  RequestResult,
  RequestUntil,
  SpanAssertion,
  SpanSpec,
  SpanSpecResult,
  SpecFailure,
  SpecIssue,
  TraceSpecDocument,
  TraceSpecIssue,
  TraceSpecResult,
  TriggerResult,
} from './spec/types.ts';
export { scannedFind, scannedSpans } from './store/scanned-spans.ts';
export type { FindOptions, SpanStore, SpanStoreOptions } from './store/span-store.ts';
export { createSpanStore } from './store/span-store.ts';
export type { TraceTarget, WaitForTraceOptions } from './store/wait-for-trace.ts';
export { waitForTrace } from './store/wait-for-trace.ts';
export type {
  Attributes,
  AttributeValue,
  ChainIssue,
  ChainIssueEvidence,
  CorrelationChainOptions,
  CorrelationChainResult,
  CorrelationLookup,
  CountExpectation,
  EventQuery,
  EvictionEvent,
  Hop,
  HopEvidence,
  HopResult,
  Literal,
  LogLine,
  LogQuery,
  LogStats,
  MessageQuery,
  Mismatch,
  NearMiss,
  QueryInput,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanPick,
  SpanQuery,
  SpanScope,
  SpanStatusCode,
  SpanStoreStats,
  TappedMessage,
  Trace,
  TraceCheckResult,
  TraceIssue,
  TraceSpec,
  ValueCondition,
  ValueMatcher,
} from './types.ts';
export type { WaitCheck, WaitOptions, WaitUntilOptions } from './wait/wait-until.ts';
export { waitUntil } from './wait/wait-until.ts';
