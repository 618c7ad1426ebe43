// @elastic/mockotlpserver ships JavaScript without declarations; this is the part the benches use.
declare module '@elastic/mockotlpserver' {
  export interface MockOtlpServerOptions {
    readonly services?: ReadonlyArray<'http' | 'grpc' | 'ui'>;
    readonly grpcHostname?: string;
    readonly grpcPort?: number;
    readonly logLevel?: string;
    readonly onTrace?: (request: {
      resourceSpans?: ReadonlyArray<{ scopeSpans?: ReadonlyArray<{ spans?: readonly unknown[] }> }>;
    }) => void;
  }
  export class MockOtlpServer {
    constructor(options?: MockOtlpServerOptions);
    grpcUrl: URL | null;
    start(): Promise<void>;
    close(): Promise<void>;
  }
}
