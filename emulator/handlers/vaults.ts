import { VaultCreateParams, VaultUpdateParams } from "../../protocol";
import { actorOf, ok, parse, type Handler } from "./context";

export const list: Handler = (c) => ok({ items: c.store.listVaults(actorOf(c)) });
export const get: Handler = (c) => ok(c.store.getVault(actorOf(c), c.params.id as string));
export const create: Handler = (c) =>
  ok({ id: c.store.createVault(actorOf(c), parse(VaultCreateParams, c.body)) });
export const rename: Handler = (c) =>
  ok(c.store.renameVault(actorOf(c), c.params.id as string, parse(VaultUpdateParams, c.body).name));
export const remove: Handler = (c) =>
  ok({ binItemId: c.store.deleteVault(actorOf(c), c.params.id as string) });
