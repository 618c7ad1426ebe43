/** Counts the bytes of objects many spans share (resources, scopes) once, for as long as one span holds them. */
export class SharedCharge<T extends object> {
  readonly #held = new Map<T, { bytes: number; refs: number }>();
  readonly #measure: (value: T) => number;
  // Spans of a request share one value: a run of holds finds it without a map lookup.
  #last: T | undefined;
  #lastEntry: { bytes: number; refs: number } | undefined;

  constructor(measure: (value: T) => number) {
    this.#measure = measure;
  }

  /** Takes a reference; returns the bytes newly charged (0 when already held). */
  hold(value: T): number {
    const entry = value === this.#last ? this.#lastEntry : this.#held.get(value);
    if (entry !== undefined) {
      entry.refs += 1;
      this.#last = value;
      this.#lastEntry = entry;
      return 0;
    }
    const bytes = this.#measure(value);
    const created = { bytes, refs: 1 };
    this.#held.set(value, created);
    this.#last = value;
    this.#lastEntry = created;
    return bytes;
  }

  /** Drops a reference; returns the bytes released (0 while others still hold it). */
  release(value: T): number {
    const entry = this.#held.get(value);
    if (entry === undefined) return 0;
    entry.refs -= 1;
    if (entry.refs > 0) return 0;
    this.#held.delete(value);
    if (value === this.#last) this.#forgetLast();
    return entry.bytes;
  }

  clear(): void {
    this.#held.clear();
    this.#forgetLast();
  }

  #forgetLast(): void {
    this.#last = undefined;
    this.#lastEntry = undefined;
  }
}
