/** GET /activity-log: managers see everything; others see their own events and vaults they have full access to. */
import type { StoreCore } from "./core";
import { LEVEL_RANK, rankOf } from "./acl";
import type { AuditRec, UserRec } from "./model";
import { MANAGER_ROLES, roleCodeOf } from "./principals";

export interface AuditFilter {
  objectId?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  page: number;
  perPage: number;
}

export function listAudit(
  s: StoreCore,
  actor: UserRec,
  f: AuditFilter,
): { items: AuditRec[]; total: number } {
  const manager = MANAGER_ROLES.has(roleCodeOf(s, actor) ?? "");
  const vaultRank = new Map<string, boolean>();
  const mayRead = (e: AuditRec) => {
    if (manager || e.userId === actor.id) return true;
    if (!e.vaultId) return false;
    let ok = vaultRank.get(e.vaultId);
    if (ok === undefined) {
      const v = s.db.get("vaults", e.vaultId);
      ok = v ? rankOf(s, actor, v) >= LEVEL_RANK.full : false;
      vaultRank.set(e.vaultId, ok);
    }
    return ok;
  };
  const all = [...s.db.all("audit")].filter(
    (e) =>
      (f.objectId === undefined || e.objectId === f.objectId) &&
      (f.userId === undefined || e.userId === f.userId) &&
      (f.action === undefined || e.action === f.action) &&
      (f.from === undefined || e.createdAt >= f.from) &&
      (f.to === undefined || e.createdAt <= f.to) &&
      mayRead(e),
  );
  const start = (f.page - 1) * f.perPage;
  return { items: all.slice(start, start + f.perPage), total: all.length };
}
