/** Something that runs parameterised SQL: a database or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A context's own database (PGlite or a PostgreSQL server). */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** A connection kept apart from request transactions, for background work (the outbox relay) that must not queue behind them. */
  readonly background: Queryable;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
