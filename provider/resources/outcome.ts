/**
 * Typed error checks used by the providers. Decisions are made by error class, never by message text.
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
  return typeof err === "object" && err !== null && (err as { outcomeUnknown?: unknown }).outcomeUnknown === true;
}
