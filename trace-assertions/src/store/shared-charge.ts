/** Counts the bytes of objects many spans share (resources, scopes) once, for as long as one span holds them. */
export class SharedCharge<T extends object> {
  readonly #held = new Map<T, { bytes: number; refs: number }>();
  readonly #measure: (value: T) => number;

  constructor(measure: (value: T) => number) {
    this.#measure = measure;
  }

  /** Takes a reference; returns the bytes newly charged (0 when already held). */
  hold(value: T): number {
    const entry = this.#held.get(value);
    if (entry !== undefined) {
      entry.refs += 1;
      return 0;
    }
    const bytes = this.#measure(value);
    this.#held.set(value, { bytes, refs: 1 });
    return bytes;
  }

  /** Drops a reference; returns the bytes released (0 while others still hold it). */
  release(value: T): number {
    const entry = this.#held.get(value);
    if (entry === undefined) return 0;
    entry.refs -= 1;
    if (entry.refs > 0) return 0;
    this.#held.delete(value);
    return entry.bytes;
  }

  clear(): void {
    this.#held.clear();
  }
}
