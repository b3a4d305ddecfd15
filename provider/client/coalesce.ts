/**
 * A process-level micro-batcher for GETs. The engine asks a dynamic provider to `read` one resource
 * at a time (refresh, and every step of `up --refresh`), so N reads would be N round trips. GETs
 * asked for within a short window are sent together as POST /batch (≤ 25 per call); a window that
 * collects a single GET sends it as a plain GET. Each caller gets its own parsed value or typed error
 * (404 → NotFoundError, 403 → PermissionDeniedError, ...), exactly as `c.get` would give it.
 */
import * as os from "node:os";
import type { z } from "zod";
import { getAll, settle } from "./batch";
import type { PassworkClient } from "./core";
import type { ApiPath } from "./path";
import { BATCH_MAX_REQUESTS } from "../../protocol/batch";

/**
 * A window closes when no GET has joined it for IDLE_MS (a lone GET pays only this much latency), when
 * it holds 25, or MAX_WAIT_MS after it opened (the engine's reads arrive in a steady trickle during a
 * refresh, so an idle gap alone could keep it open). Measured (bench, N = 100): the engine's reads
 * arrive ~7–15 ms apart during a refresh; a 5 ms idle gap gave ~5.5 reads per /batch, 12 ms ~7.
 */
export const COALESCE_IDLE_MS = 25;
export const COALESCE_MAX_WAIT_MS = 200;

/**
 * How many steps the engine runs at once: `PULUMI_PARALLEL` (the CLI passes its environment to the
 * provider process), else the CLI's default of 4 × GOMAXPROCS (= 4 × cores; pulumi v3
 * cmd/pulumi/operations/up.go `defaultParallel`). At most that many engine reads can be waiting, so a
 * window holding that many is full: waiting for an idle gap would only add latency to every batch.
 * A `--parallel` flag is not visible here; a smaller one just closes windows by the idle gap.
 */
export function engineParallelism(
  env: NodeJS.ProcessEnv = process.env,
  cores = os.availableParallelism(),
): number {
  const fromEnv = Number(env.PULUMI_PARALLEL);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 4 * cores;
}

/** A window with this many GETs is sent at once. */
export const coalesceFullAt = (): number => Math.min(BATCH_MAX_REQUESTS, engineParallelism());

interface Pending {
  path: ApiPath;
  schema: z.ZodType;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Queue {
  pending: Pending[];
  /**
   * Read-ahead GETs (`fillGet`), by path: they never open or close a window themselves; a batch that
   * real reads send takes as many as fit. `promoteFill` makes one a real read.
   */
  fillers: Map<string, Pending>;
  timer: NodeJS.Timeout | undefined;
  openedAt: number;
}

function queueOf(c: PassworkClient): Queue {
  let queue = queues.get(c);
  if (!queue) {
    queue = { pending: [], fillers: new Map(), timer: undefined, openedAt: 0 };
    queues.set(c, queue);
  }
  return queue;
}

const queues = new WeakMap<PassworkClient, Queue>();

/** GET `path` through the batcher; resolves like `c.get(path, schema)`. */
export function coalescedGet<S extends z.ZodType>(
  c: PassworkClient,
  path: ApiPath,
  schema: S,
): Promise<z.output<S>> {
  const q = queueOf(c);
  return new Promise<z.output<S>>((resolve, reject) => {
    enqueue(c, q, { path, schema, resolve: resolve as (v: unknown) => void, reject });
  });
}

/**
 * A read-ahead GET: queued, but sent only in a batch that real reads (`coalescedGet`) send anyway and
 * that has room left (≤ 25 in all), so it never costs a request of its own. Until then it waits;
 * `promoteFill` makes it a real read. The schema must be the one a real read of that path would use.
 */
export function fillGet<S extends z.ZodType>(
  c: PassworkClient,
  path: ApiPath,
  schema: S,
): Promise<z.output<S>> {
  const q = queueOf(c);
  return new Promise<z.output<S>>((resolve, reject) => {
    q.fillers.set(path.value, { path, schema, resolve: resolve as (v: unknown) => void, reject });
  });
}

/** Makes a queued read-ahead GET a real read (sent with the next window); nothing when none is queued. */
export function promoteFill(c: PassworkClient, path: ApiPath): void {
  const q = queueOf(c);
  const queued = q.fillers.get(path.value);
  if (!queued) return;
  q.fillers.delete(path.value);
  enqueue(c, q, queued);
}

/** Read-ahead GETs still waiting for a batch to ride along with. */
export function queuedFillCount(c: PassworkClient): number {
  return queues.get(c)?.fillers.size ?? 0;
}

function enqueue(c: PassworkClient, q: Queue, p: Pending): void {
  if (q.pending.length === 0) q.openedAt = Date.now();
  q.pending.push(p);
  if (q.timer !== undefined) clearTimeout(q.timer);
  q.timer = undefined;
  const left = q.openedAt + COALESCE_MAX_WAIT_MS - Date.now();
  if (q.pending.length >= coalesceFullAt() || left <= 0) flush(c, q);
  else q.timer = setTimeout(() => flush(c, q), Math.min(COALESCE_IDLE_MS, left));
}

function flush(c: PassworkClient, q: Queue): void {
  if (q.timer !== undefined) clearTimeout(q.timer);
  q.timer = undefined;
  const batch = q.pending.splice(0, BATCH_MAX_REQUESTS);
  if (q.pending.length > 0) {
    q.openedAt = Date.now();
    q.timer = setTimeout(() => flush(c, q), 0);
  }
  if (batch.length === 0) return;
  for (const [key, filler] of q.fillers) {
    if (batch.length >= BATCH_MAX_REQUESTS) break;
    q.fillers.delete(key);
    batch.push(filler);
  }
  if (batch.length === 1) {
    const only = batch[0] as Pending;
    c.get(only.path, only.schema).then(only.resolve, only.reject);
    return;
  }
  getAll(
    c,
    batch.map((p) => p.path),
  ).then(
    (results) => {
      for (const [i, r] of results.entries()) {
        const p = batch[i] as Pending;
        const settled = settle(r, p.schema);
        if (settled.ok) p.resolve(settled.value);
        else p.reject(settled.error);
      }
    },
    (error: unknown) => {
      for (const p of batch) p.reject(error);
    },
  );
}
