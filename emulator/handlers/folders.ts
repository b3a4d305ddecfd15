import { z } from "zod";
import { FolderCreateParams, FolderMoveParams, FolderUpdateParams, ObjectId } from "../../protocol";
import { actorOf, ok, one, parse, type Handler } from "./context";

const ListQuery = z.object({ vaultId: ObjectId });
const SearchQuery = z.object({ query: z.string().default(""), vaultId: ObjectId.optional() });

export const create: Handler = (c) =>
  ok({ id: c.store.createFolder(actorOf(c), parse(FolderCreateParams, c.body)) });
export const get: Handler = (c) => ok(c.store.getFolder(actorOf(c), c.params.id as string));
export const list: Handler = (c) => {
  const q = parse(ListQuery, { vaultId: one(c.query, "vaultId") });
  return ok({ items: c.store.listFolders(actorOf(c), q.vaultId) });
};
export const search: Handler = (c) => {
  const q = parse(SearchQuery, { query: one(c.query, "query"), vaultId: one(c.query, "vaultId") });
  return ok({ items: c.store.searchFolders(actorOf(c), q.query, q.vaultId) });
};
export const rename: Handler = (c) =>
  ok(c.store.renameFolder(actorOf(c), c.params.id as string, parse(FolderUpdateParams, c.body).name));
export const move: Handler = (c) =>
  ok(c.store.moveFolder(actorOf(c), c.params.id as string, parse(FolderMoveParams, c.body).targetFolderId));
export const remove: Handler = (c) =>
  ok({ binItemId: c.store.deleteFolder(actorOf(c), c.params.id as string) });
