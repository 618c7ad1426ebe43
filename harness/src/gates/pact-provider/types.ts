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

/** One provider state as the provider documents it (`providerStates` export of the state-handler module). */
export interface ProviderStateInfo {
  readonly name: string;
  readonly description?: string;
  /** Parameters the state reads (`given(name, params)`), name → what it means. */
  readonly params?: Readonly<Record<string, string>>;
  /** Values it returns for `fromProviderState` expressions, name → what it is. */
  readonly returns?: Readonly<Record<string, string>>;
}

/** What a provider can honour: its provider states and the message descriptions it produces. */
export interface ProviderCatalog {
  readonly provider: string;
  readonly states: readonly ProviderStateInfo[];
  readonly messages: readonly string[];
  readonly stateHandlersModule?: string;
  readonly messageProvidersModule?: string;
}
