/** Group commit: writes that arrive while others are in flight wait and go together in the next one. A
 * lone write goes at once, so a quiet bot pays no delay; under load, one statement carries what dozens of
 * concurrent updates queued, instead of a statement (and a pool checkout, a round trip, a WAL flush) each.
 * Up to `inFlight` writes run at once, so a batch waits for a free writer rather than for every earlier
 * flush. Each caller's promise settles with its own result once the write that carried it has committed, or
 * rejects with that write's error: nobody is told "queued" before it is. */
export function groupCommit<T, R>(write: (items: T[]) => Promise<R[]>, options: { maxBatch: number; inFlight: number }) {
  let waiting: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  let writers = 0;

  async function writer(): Promise<void> {
    writers++;
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, options.maxBatch);
        waiting = waiting.slice(batch.length);
        try {
          const results = await write(batch.map((w) => w.item));
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      writers--;
    }
  }

  return (item: T): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (writers < options.inFlight) void writer();
    });
}
