/**
 * Settles with `work`, or with `onTimeout()` once `ms` have passed, whichever comes first; `signal` aborts at that
 * moment so `work` can stop before its next step. `work` itself is never abandoned: `settled` says when it ended.
 */
export function raceDeadline<T>(
  ms: number,
  work: (signal: AbortSignal, deadlineMs: number) => Promise<T>,
  onTimeout: () => T,
): { answer: Promise<T>; settled: Promise<void> } {
  const controller = new AbortController();
  const deadlineMs = Date.now() + ms;
  const running = work(controller.signal, deadlineMs);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(onTimeout());
    }, ms);
  });
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  const answer = Promise.race([running, timedOut]).finally(() => clearTimeout(timer));
  return { answer, settled };
}
