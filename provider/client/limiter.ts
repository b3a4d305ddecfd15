/**
 * A FIFO semaphore bounding the requests in flight per client. A request still waiting here has
 * provably not reached the server, so a POST that times out while queued may be retried.
 */
export class QueueAbortedError extends Error {
  constructor(readonly reason: unknown) {
    super("aborted while waiting for a free connection slot");
    this.name = "QueueAbortedError";
  }
}

export class Limiter {
  private active = 0;
  private peak = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  get peakInFlight(): number {
    return this.peak;
  }

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw new QueueAbortedError(signal.reason);
    if (this.active >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const wake = (): void => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new QueueAbortedError(signal.reason));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(wake);
      });
    } else {
      this.active++;
    }
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      if (next) next();
      else this.active--;
    };
  }
}
