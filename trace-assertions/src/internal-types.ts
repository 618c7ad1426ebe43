/** The parts of an OpenTelemetry SDK ReadableSpan (sdk-trace-base 1.x/2.x, sdk-trace 3.x) this package reads. */
export interface ReadableSpanLike {
  readonly name: string;
  readonly kind: number;
  spanContext(): { traceId: string; spanId: string; traceState?: { serialize(): string } | undefined };
  readonly parentSpanContext?: { readonly spanId: string } | undefined;
  readonly parentSpanId?: string | undefined;
  readonly startTime: readonly [number, number];
  readonly endTime: readonly [number, number];
  readonly status: { readonly code: number; readonly message?: string | undefined };
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly links: ReadonlyArray<{
    readonly context: { readonly traceId: string; readonly spanId: string };
    readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  }>;
  readonly events: ReadonlyArray<{
    readonly name: string;
    readonly time: readonly [number, number];
    readonly attributes?: Readonly<Record<string, unknown>> | undefined;
  }>;
  readonly resource: { readonly attributes: Readonly<Record<string, unknown>> };
  readonly instrumentationScope?: { readonly name: string; readonly version?: string | undefined } | undefined;
  readonly instrumentationLibrary?: { readonly name: string; readonly version?: string | undefined } | undefined;
}

/** The ExportResult the SDK expects (0 = SUCCESS, 1 = FAILED). */
export interface ExportResultLike {
  code: number;
  error?: Error;
}
