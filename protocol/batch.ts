import { z } from "zod";

/** POST /api/v1/batch: at most 25 sub-requests; bodies inside are plain JSON (no envelope). */
export const BATCH_MAX_REQUESTS = 25;
export const BatchParams = z.strictObject({
  requests: z
    .array(
      z.strictObject({
        method: z.enum(["GET"]),
        relativeUrl: z.string().startsWith("/api/v1/", "must start with /api/v1/"),
        body: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(BATCH_MAX_REQUESTS),
});
export type BatchParams = z.infer<typeof BatchParams>;
export const BatchResponseSchema = z.looseObject({
  responses: z.array(z.looseObject({ statusCode: z.number().int(), body: z.unknown() })),
});
