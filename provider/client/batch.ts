/**
 * POST /api/v1/batch: many GETs in one round trip, at most 25 per call. Results come back in the
 * order asked; chunks run with bounded concurrency. A batch of GETs changes nothing, so it is
 * retried like a GET.
 */
import type { z } from "zod";
import type { PassworkClient } from "./core";
import { unwrapEnvelope, type DecodedBody } from "./envelope";
import { errorFromResponse, ResponseShapeError, shapeIssues, type PassworkError } from "./errors";
import { API_PREFIX, path, type ApiPath } from "./path";
import { BATCH_MAX_REQUESTS, BatchResponseSchema } from "../../protocol/batch";
import { ErrorBodySchema } from "../../protocol/common";

export interface BatchResult {
  path: ApiPath;
  statusCode: number;
  body: DecodedBody;
}

export const DEFAULT_BATCH_CONCURRENCY = 4;

async function runChunk(c: PassworkClient, chunk: ApiPath[]): Promise<BatchResult[]> {
  const requests = chunk.map((p) => ({ method: "GET" as const, relativeUrl: API_PREFIX + p.value }));
  const { responses } = await c.request({
    method: "POST",
    path: path`/batch`,
    body: { requests },
    schema: BatchResponseSchema,
    idempotent: true,
  });
  if (responses.length !== chunk.length) {
    throw new ResponseShapeError(
      { method: "POST", path: `${API_PREFIX}/batch`, pathTemplate: `${API_PREFIX}/batch` },
      [`responses: expected ${chunk.length} entries, got ${responses.length}`],
    );
  }
  return responses.map((r, i) => ({
    path: chunk[i] as ApiPath,
    statusCode: r.statusCode,
    body: unwrapEnvelope(r.body),
  }));
}

/** GETs `paths` through /batch; result i answers paths[i]. */
export async function getAll(
  c: PassworkClient,
  paths: readonly ApiPath[],
  concurrency = DEFAULT_BATCH_CONCURRENCY,
): Promise<BatchResult[]> {
  const chunks: ApiPath[][] = [];
  for (let i = 0; i < paths.length; i += BATCH_MAX_REQUESTS)
    chunks.push(paths.slice(i, i + BATCH_MAX_REQUESTS));
  const results: BatchResult[][] = new Array<BatchResult[]>(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      results[index] = await runChunk(c, chunks[index] as ApiPath[]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), chunks.length) }, worker));
  return results.flat();
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: PassworkError };

/** One sub-response as `c.get(path, schema)` would give it: the parsed value, or the same typed error. */
export function settle<S extends z.ZodType>(r: BatchResult, schema: S): Settled<z.output<S>> {
  const target = {
    method: "GET",
    path: API_PREFIX + r.path.value,
    pathTemplate: API_PREFIX + r.path.template,
  };
  if (r.statusCode >= 200 && r.statusCode < 300) {
    const parsed = schema.safeParse(r.body.kind === "json" ? r.body.value : {});
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, error: new ResponseShapeError(target, shapeIssues(parsed.error)) };
  }
  const entry = r.body.kind === "json" ? ErrorBodySchema.safeParse(r.body.value).data?.errors[0] : undefined;
  return {
    ok: false,
    error: errorFromResponse({
      ...target,
      status: r.statusCode,
      entry,
      fallbackMessage: `HTTP ${r.statusCode}`,
    }),
  };
}
