/**
 * Collects every error message, error field and log line the client produces across the suite,
 * and every secret the tests use; `secrets-never-leak.spec.ts` searches the one for the other, in
 * its own test and once more after every spec file has run.
 */
import { inspect } from "node:util";

const secrets = new Set<string>();
const texts: string[] = [];

export function registerSecret(...values: (string | undefined | null)[]): void {
  for (const v of values) if (v && v.length >= 6) secrets.add(v);
}

export function collect(text: string): void {
  texts.push(text);
}

/** Message, stack, own fields and the cause chain of an error. */
export function collectError(error: unknown): unknown {
  texts.push(inspect(error, { depth: 4 }));
  if (error instanceof Error) texts.push(error.message, error.stack ?? "", JSON.stringify(error));
  return error;
}

/** Pass to ClientOptions.logger. */
export const log = (line: string): void => {
  texts.push(line);
};

/** Awaits a promise expected to reject; records the error and returns it. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    collectError(e);
    return e as Error;
  }
  throw new Error("expected the promise to reject");
}

export function leaks(): { secret: string; text: string }[] {
  const found: { secret: string; text: string }[] = [];
  for (const text of texts)
    for (const secret of secrets)
      if (text.includes(secret))
        found.push({ secret: `${secret.slice(0, 3)}…(${secret.length} chars)`, text: text.slice(0, 200) });
  return found;
}

export function stats(): { secrets: number; texts: number } {
  return { secrets: secrets.size, texts: texts.length };
}
