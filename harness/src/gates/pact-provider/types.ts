/** What a provider-state or message-provider module is given: where the provider and its neighbours run. */
export interface ProviderContext {
  /** The provider being verified (the pact files' provider name). */
  readonly provider: string;
  /** Base URL of the running provider. */
  readonly baseUrl: string;
  /** Base URL of every running service of the system, by name. */
  readonly serviceUrls: Readonly<Record<string, string>>;
  readonly kafkaBrokers?: string;
}

/** One interaction's verification outcome, as the Pact verifier reports it. */
export interface InteractionResult {
  readonly consumer: string;
  readonly provider: string;
  readonly description: string;
  readonly ok: boolean;
  readonly pending: boolean;
  readonly states: readonly string[];
  readonly durationMs?: number;
  readonly mismatches: readonly string[];
}
