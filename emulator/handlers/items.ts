import { z } from "zod";
import {
  ItemCreateParams,
  ItemMoveParams,
  ItemSearchQuery,
  ItemUpdateParams,
  ObjectId,
} from "../../protocol";
import { actorOf, ok, one, parse, type Handler, type Query } from "./context";

const ListQuery = z.object({ vaultId: ObjectId, folderId: ObjectId.optional() });

export const create: Handler = (c) =>
  ok({ id: c.store.createItem(actorOf(c), parse(ItemCreateParams, c.body)) });
export const get: Handler = (c) => ok(c.store.getItem(actorOf(c), c.params.id as string));
export const update: Handler = (c) =>
  ok(c.store.updateItem(actorOf(c), c.params.id as string, parse(ItemUpdateParams, c.body)));
export const move: Handler = (c) => {
  const p = parse(ItemMoveParams, c.body);
  return ok(c.store.moveItem(actorOf(c), c.params.id as string, p.vaultId, p.folderId));
};
export const remove: Handler = (c) =>
  ok({ binItemId: c.store.deleteItem(actorOf(c), c.params.id as string) });
export const list: Handler = (c) => {
  const q = parse(ListQuery, { vaultId: one(c.query, "vaultId"), folderId: one(c.query, "folderId") });
  return ok({ items: c.store.listItems(actorOf(c), q.vaultId, q.folderId) });
};
export const snapshots: Handler = (c) => ok({ items: c.store.snapshots(actorOf(c), c.params.id as string) });
export const snapshot: Handler = (c) =>
  ok(c.store.snapshot(actorOf(c), c.params.id as string, c.params.snapshotId as string));

const asArray = (v: string | string[] | undefined) =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** PHP-style arrays (`tags[]=a&tags[]=b`, brackets possibly URL-encoded) arrive here already grouped. */
export function searchQueryOf(q: Query) {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (k === "query") raw.query = Array.isArray(v) ? v[0] : v;
    else raw[k] = asArray(v);
  }
  return parse(ItemSearchQuery, raw);
}
export const search: Handler = (c) => ok({ items: c.store.search(actorOf(c), searchQueryOf(c.query)) });
