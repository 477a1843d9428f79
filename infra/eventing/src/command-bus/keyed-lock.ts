/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel. Used so
 * that commands of one worker on the same stream queue instead of racing into version conflicts.
 */
export const keyedLock = () => {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      // Forget the key once nothing is queued behind this task.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};
