/** The requests-for-connection rows of the access table (client-side encryption; store/connection-requests.ts). */
import { z } from "zod";
import { ConnectionApprovalParams, ObjectId } from "../../protocol";
import { actorOf, ok, one, parse, type Handler } from "./context";

const ListQuery = z.object({
  vaultId: ObjectId.optional(),
  userGroupId: ObjectId.optional(),
  userId: ObjectId.optional(),
});

export const list: Handler = (c) => {
  const q = parse(ListQuery, {
    vaultId: one(c.query, "vaultId"),
    userGroupId: one(c.query, "userGroupId"),
    userId: one(c.query, "userId"),
  });
  return ok({ items: c.store.listConnectionRequests(actorOf(c), q) });
};

export const listForVault: Handler = (c) =>
  ok({ items: c.store.listVaultConnectionRequests(actorOf(c), c.params.id as string) });

export const approve: Handler = (c) => {
  const userId = parse(ObjectId, c.params.userId, "userId");
  const body = parse(ConnectionApprovalParams, c.body);
  return ok(c.store.approveConnectionRequest(actorOf(c), c.params.id as string, userId, body));
};
