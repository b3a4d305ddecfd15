/** GET /api/v1/activity-log (reference/passwork-access-api.md). */
import type { PassworkClient } from "./core";
import { path } from "./path";
import { AuditListSchema } from "../../protocol/access";

export interface ActivityFilters {
  objectId?: string;
  userId?: string;
  action?: string;
  /** Unix seconds. */
  from?: number;
  to?: number;
  page?: number;
  perPage?: number;
}

export function list(c: PassworkClient, filters: ActivityFilters = {}) {
  return c.get(path`/activity-log`, AuditListSchema, { ...filters });
}
