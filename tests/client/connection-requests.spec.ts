/**
 * The client's requests for connection (provider/client/connection-requests.ts) against the CSE emulator:
 * a member who reaches a vault only through a group cannot read it; approval wraps the real vault key for
 * the member's public key, and the member then decrypts the record with its own master key.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator/server";
import type { PassworkClient } from "../../provider/client/core";
import { PassworkApiError } from "../../provider/client/errors";
import {
  access,
  connectionRequests,
  items,
  principals,
  vaults,
  vaultTypes,
} from "../../provider/client/index";
import { clientFor, seedIdentity, startTestEmulator, type Identity } from "./helpers/emulator";
import { registerSecret, rejection } from "./helpers/leak-guard";

describe("client: requests for connection (client-side encryption)", function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let owner: Identity;
  let member: Identity;
  let c: PassworkClient;
  let cm: PassworkClient;
  const password = "cr-secret-Qw7!pL";
  registerSecret(password);

  before(async () => {
    emu = await startTestEmulator(true);
    owner = await seedIdentity(emu, "cr.owner", { cse: true });
    member = await seedIdentity(emu, "cr.member", { cse: true, role: "user" });
    c = clientFor(emu, owner);
    cm = clientFor(emu, member);
  });
  after(async () => {
    await c?.close();
    await cm?.close();
    await emu?.close();
  });

  it("lists the pending request, approves it with the wrapped key, and the member decrypts", async () => {
    const typeId = (await vaultTypes.list(c)).find((t) => t.code === "company")!.id;
    const vaultId = await vaults.create(c, { name: "team vault", typeId });
    const itemId = await items.create(c, { vaultId, name: "DB", password });
    const groupId = await principals.groups.create(c, { name: "team", userIds: [member.id] });
    await access.setGrant(c, "vault", vaultId, {
      principalType: "group",
      principalId: groupId,
      access: "read",
    });

    const pending = await connectionRequests.listForVault(c, vaultId);
    assert.deepEqual(pending, [{ vaultId, userId: member.id, userGroupIds: [groupId] }]);
    assert.deepEqual(
      (await connectionRequests.list(c, { userGroupId: groupId })).map((r) => r.userId),
      [member.id],
    );
    assert.deepEqual(await connectionRequests.list(c, { userId: owner.id }), []);
    const refused = await rejection(items.get(cm, itemId));
    assert.ok(refused instanceof PassworkApiError && refused.status === 403, String(refused));

    await connectionRequests.approve(c, vaultId, member.id);
    assert.deepEqual(await connectionRequests.listForVault(c, vaultId), []);
    assert.equal((await items.get(cm, itemId)).password, password, "the member decrypts with its own key");
  });

  it("approving a request that is not pending is a 404", async () => {
    const typeId = (await vaultTypes.list(c)).find((t) => t.code === "company")!.id;
    const vaultId = await vaults.create(c, { name: "nobody waits", typeId });
    const err = await rejection(connectionRequests.approve(c, vaultId, member.id));
    assert.ok(err instanceof PassworkApiError && err.status === 404, String(err));
  });
});
