/**
 * How many file operations the writer keeps in flight. Node runs them on a
 * pool of four threads, so more than a few dozen only queue — while each
 * waiting read holds its buffer: 10,000 reads at once took a gigabyte.
 */
export const IO_CONCURRENCY = 16;

/**
 * `Promise.all(items.map(work))` with at most `limit` calls running; results
 * in the order of `items`. The first failure is thrown once the calls
 * already running have settled (none is left running behind the caller).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
