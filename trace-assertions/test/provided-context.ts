/** What the integration global setup provides through vitest's `inject` (declared here: no workspace imports). */
declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

export {};
