/** A minimal synchronous emitter; a throwing listener never stops the others. */
export class Emitter<T> {
  readonly #listeners = new Set<(value: T) => void>();

  /** Subscribes and returns the unsubscribe function. */
  on(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Calls every listener with `value`. */
  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch {
        // A failing listener belongs to a test; the receiver must keep ingesting.
      }
    }
  }
}
