/**
 * Per-client memo of promises (vault keys, the unlocked key chain, vault types, `me`). Caching the
 * promise, not the value, makes concurrent first uses share one request; a failure is forgotten so
 * the next call tries again.
 */
import type { PassworkClient } from "./core";

export function memo<T>(c: PassworkClient, key: string, load: () => Promise<T>): Promise<T> {
  const hit = c.cache.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const pending = load();
  c.cache.set(key, pending);
  pending.catch(() => c.cache.delete(key));
  return pending;
}

export function forget(c: PassworkClient, key: string): void {
  c.cache.delete(key);
}
