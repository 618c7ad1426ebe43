/** Median milliseconds per call of `fn`: runs of enough calls to last ~50 ms each (5 runs, 3 when a call is slow). */
export function timeMs(fn: () => unknown): number {
  const first = performance.now();
  fn();
  const once = Math.max(performance.now() - first, 1e-4);
  const repeat = Math.min(2000, Math.max(1, Math.ceil(50 / once)));
  const runs = once > 1000 ? 3 : 5;
  const samples: number[] = [];
  for (let r = 0; r < runs; r += 1) {
    const started = performance.now();
    for (let i = 0; i < repeat; i += 1) fn();
    samples.push((performance.now() - started) / repeat);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
