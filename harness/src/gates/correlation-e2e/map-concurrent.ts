/**
 * Maps `items` through `work` with at most `limit` calls in flight; results keep the order of `items`. After a
 * failure no further call starts; the calls in flight finish, then the first failure is thrown.
 * @example const outcomes = await mapConcurrent(specs, 4, (spec, index) => runScenario({ spec, index }));
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
