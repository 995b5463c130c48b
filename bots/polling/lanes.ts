/** Runs tasks of one key strictly one after the other, and tasks of different keys side by side. A task
 * that retries (its chat's update met an outage) holds back only the later tasks of its own key. Keys
 * without tasks in flight are forgotten, so memory follows what is running, not what has run. */
export function createLanes() {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key: string | undefined, task: () => Promise<void>): Promise<void> {
      if (key === undefined) return task();
      const before = tails.get(key) ?? Promise.resolve();
      const mine = before.then(task);
      // The next task of the key waits for this one to settle, however it ends.
      const tail = mine.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return mine;
    },
    /** Keys with a task in flight or waiting. */
    get size() {
      return tails.size;
    },
  };
}
