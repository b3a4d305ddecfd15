import { z } from "zod";
import { ObjectId } from "../../protocol";
import { actorOf, ok, one, parse, type Handler } from "./context";

export const list: Handler = (c) => {
  const q = parse(z.object({ vaultId: ObjectId.optional() }), { vaultId: one(c.query, "vaultId") });
  return ok({ items: c.store.listBin(actorOf(c), q.vaultId) });
};
export const restore: Handler = (c) => ok({ id: c.store.restore(actorOf(c), c.params.binItemId as string) });
