/** GET /items/search: text over name/url/description, tags (AND), colours, vaults (recursive), folders (direct). */
import type { ItemSearchQuery } from "../../protocol";
import type { StoreCore } from "./core";
import { LEVEL_RANK, rankOf } from "./acl";
import { dirOfItem } from "./lookup";
import type { ItemRec, UserRec } from "./model";

export function searchItems(s: StoreCore, actor: UserRec, q: ItemSearchQuery): ItemRec[] {
  const text = q.query?.trim().toLowerCase() ?? "";
  const vaults = q.vaultIds && q.vaultIds.length ? new Set(q.vaultIds) : null;
  const folders = q.folderIds && q.folderIds.length ? new Set(q.folderIds) : null;
  const colors = q.colorCodes && q.colorCodes.length ? new Set(q.colorCodes) : null;
  const tags = q.tags ?? [];
  const rankCache = new Map<string, number>();
  const out: ItemRec[] = [];
  for (const i of s.db.all("items")) {
    if (vaults && !vaults.has(i.vaultId)) continue;
    if (folders && (i.folderId === null || !folders.has(i.folderId))) continue;
    if (colors && !colors.has(i.color)) continue;
    if (!tags.every((t) => i.tags.includes(t))) continue;
    if (text && ![i.name, i.url, i.description ?? ""].some((f) => f.toLowerCase().includes(text))) continue;
    const dir = dirOfItem(s, i);
    let r = rankCache.get(dir.id);
    if (r === undefined) {
      r = rankOf(s, actor, dir);
      rankCache.set(dir.id, r);
    }
    if (r >= LEVEL_RANK.read) out.push(i);
  }
  return out;
}
