/** Typed domain errors of the emulator's store. `respond.ts` turns them into Passwork's error envelope. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers (e.g. Retry-After on injected 429s). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

export const validationError = (field: string, message: string) =>
  new EmulatorError(400, "validationError", `${field}: ${message}`, field);
export const notFound = (what: string) => new EmulatorError(404, "notFound", `${what} not found`);
export const accessDenied = (what = "this object") =>
  new EmulatorError(403, "accessDenied", `Access denied: you have no sufficient access to ${what}`);
export const conflict = (code: string, message: string) => new EmulatorError(409, code, message);
export const unauthorized = (code: string, message: string) => new EmulatorError(401, code, message);
