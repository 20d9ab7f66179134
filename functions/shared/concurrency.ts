/** Outcome of one item of {@link mapSettled}: mirrors `PromiseSettledResult` but keeps the input. */
export type Settled<T, R> =
  | { item: T; ok: true; value: R }
  | { item: T; ok: false; error: unknown };

/**
 * Runs `fn` over `items` with at most `limit` calls in flight and never rejects: one failing item
 * must not stop the others (a broken article or source is reported, the rest still gets stored).
 * Results keep the input order.
 */
export async function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<Settled<T, R>[]> {
  const results: Settled<T, R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      try {
        results[index] = { item, ok: true, value: await fn(item, index) };
      } catch (error) {
        results[index] = { item, ok: false, error };
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Splits `items` into chunks of at most `size` (DynamoDB batch limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
