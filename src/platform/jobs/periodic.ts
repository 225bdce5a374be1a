/**
 * @module platform/jobs/periodic
 * The loop every background job of the server shares (the scan sweeper, deadline notifications, the e-mail of
 * notifications): one round now, then the next `intervalMs` after each round ends, so rounds never overlap or
 * pile up behind a slow one; a round that throws is logged and the loop goes on; `stop()` waits for the round
 * in progress.
 */

export interface Periodic {
  stop(): Promise<void>;
}

export function startPeriodic(intervalMs: number, round: () => Promise<void>, onError: (e: Error) => void): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    running = (async () => {
      try {
        await round();
      } catch (e) {
        if (!stopped) onError(e as Error);
      }
      if (!stopped) {
        timer = setTimeout(tick, intervalMs);
        timer.unref();
      }
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
