/** Sleeps of the relay loop between passes: a kick ends a poll sleep early, stopping ends any sleep. */
export interface RelayPacer {
  /** Called as a pass begins: a kick that arrives during the pass skips the next poll sleep. */
  beginPass(): void;
  kick(): void;
  stop(): void;
  /** Waits `ms`; `interruptible` sleeps (polling) end on a kick, backoff sleeps only on stop. */
  pause(ms: number, interruptible: boolean): Promise<void>;
}

/** Creates the pacer of a relay that runs while `running()` holds. */
export function createRelayPacer(running: () => boolean): RelayPacer {
  let kicked = false;
  let wake: ((byStop: boolean) => void) | undefined;
  return {
    beginPass: () => {
      kicked = false;
    },
    kick: () => {
      kicked = true;
      wake?.(false);
    },
    stop: () => wake?.(true),
    pause(ms, interruptible) {
      if (!running() || (interruptible && kicked)) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wake = (byStop) => {
          if (byStop || interruptible) done();
        };
      });
    },
  };
}
