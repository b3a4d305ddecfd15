/**
 * How a provider call ended when it did not simply succeed: typed error checks (decisions are made by
 * error class, never by message text), the never-duplicated create, and the created-but-failed error.
 */
import { NotFoundError } from "../client";

export function isNotFound(err: unknown): boolean {
  return err instanceof NotFoundError;
}

/**
 * The client marks a POST whose request may have reached the server but whose answer was lost
 * (`outcomeUnknown`). Such a create is reconciled by looking the object up, never blindly retried.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  return (
    typeof err === "object" && err !== null && (err as { outcomeUnknown?: unknown }).outcomeUnknown === true
  );
}

/**
 * A create that is never duplicated: when a POST's outcome is unknown (connection lost, 5xx, timeout),
 * `lookup` looks for the object it may have made before the POST is sent again; at most `attempts`
 * POSTs. `lookup` returns the id of the object a lost POST made, or undefined.
 */
export async function createOnce(
  create: () => Promise<string>,
  lookup: () => Promise<string | undefined>,
  attempts = 3,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!isOutcomeUnknown(err)) throw err;
      const found = await lookup();
      if (found !== undefined) return found;
      if (attempt >= attempts) throw err;
    }
  }
}

/**
 * Thrown by create when the object exists but a later step failed: the dynamic-provider host sees
 * `id` on the error and sends ErrorResourceInitFailed {id, properties, reasons}, so the engine records
 * the resource (with `properties` as its outputs) instead of forgetting it, shows `reasons`, and the
 * next `up` runs update to finish the job. (The host reads exactly `id`, `properties` and `reasons`.)
 */
export class PartialCreateError<O extends object = Record<string, unknown>> extends Error {
  readonly reasons: string[];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: O,
  ) {
    super(message);
    this.name = "PartialCreateError";
    this.reasons = [message];
  }
}
