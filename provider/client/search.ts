/** GET /api/v1/items/search: summaries with `path`; re-fetch ids with items.getMany for values. */
import type { PassworkClient } from "./core";
import { path } from "./path";
import { listOf } from "../../protocol/common";
import { ItemSummarySchema, type ItemSearchQuery, type ItemSummary } from "../../protocol/items";
import { ShortcutSchema, type Shortcut } from "../../protocol/sharing";

/** `vaultIds` match the whole vault tree, `folderIds` only direct children; `tags` as sent (PHP arrays). */
export async function items(c: PassworkClient, q: ItemSearchQuery): Promise<ItemSummary[]> {
  return (await c.get(path`/items/search`, listOf(ItemSummarySchema), searchQuery(q))).items;
}

/** GET /api/v1/shortcuts/search: same filters, applied to where each shortcut lives; top-level `id` is the item's. */
export async function shortcuts(c: PassworkClient, q: ItemSearchQuery): Promise<Shortcut[]> {
  return (await c.get(path`/shortcuts/search`, listOf(ShortcutSchema), searchQuery(q))).items;
}

/** The filters both searches take (nothing else of the query object is sent). */
function searchQuery(q: ItemSearchQuery) {
  return {
    query: q.query,
    tags: q.tags,
    colorCodes: q.colorCodes,
    vaultIds: q.vaultIds,
    folderIds: q.folderIds,
  };
}
