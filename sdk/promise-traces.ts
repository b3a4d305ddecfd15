/**
 * @pulumi/pulumi stores `new Error().stack` on every promise it wraps (runtime/debuggable.js), four per
 * declared property of a resource, and prints them only in promise-leak reports when
 * PULUMI_DEBUG_PROMISE_LEAKS is set. Under ts-node every one of them is formatted frame by frame by
 * source-map-support: 58 of a Record's 65 traces are taken inside its constructor, about 60 % of its CPU
 * in the program process (bench/program-cost.ts: 7.1 → 2.9 ms per Record).
 *
 * `pausePromiseTraces` sets V8's stack-trace limit to 0 for the synchronous part of a constructor's
 * `super(...)` and `resume` puts it back, unless leak debugging is on. Pulumi's source positions of
 * resources are unaffected (Resource.callsites raises the limit itself); an error thrown in between gets
 * its stack captured again at the caller, so it still points at the program line.
 */
export interface PausedTraces {
  /** Puts the previous limit back (idempotent). */
  resume(): void;
  /** Resumes and gives `error` a stack from here when it was created without one; returns it. */
  rethrow(error: unknown): unknown;
}

const NOTHING_PAUSED: PausedTraces = { resume: () => undefined, rethrow: (error) => error };

export function pausePromiseTraces(env: NodeJS.ProcessEnv = process.env): PausedTraces {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return NOTHING_PAUSED;
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let paused = true;
  const resume = (): void => {
    if (!paused) return;
    paused = false;
    Error.stackTraceLimit = previous;
  };
  const rethrow = (error: unknown): unknown => {
    resume();
    if (error instanceof Error && !/\n\s+at /.test(error.stack ?? ""))
      Error.captureStackTrace(error, rethrow);
    return error;
  };
  return { resume, rethrow };
}
