/**
 * A request for connection approved by our client gives the member a vault key that Passwork's own client
 * (passwork-python 0.2.0, unmodified) opens: before approval the member's get_item is refused, after it
 * the vendor client decrypts the record with the member's own master key.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  access,
  connectionRequests,
  items,
  PassworkClient,
  principals,
  vaults,
  vaultTypes,
} from "../../provider/client";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { okOf, py, startConformance, type ConformanceEmulator } from "./harness";

describe("conformance: an approved request for connection opens with the vendor's client (client-side encryption)", function () {
  this.timeout(120_000);
  let c: ConformanceEmulator;
  let admin: PassworkClient;

  before(async () => {
    c = await startConformance(true);
    admin = new PassworkClient({
      host: c.emu.url,
      accessToken: c.admin.accessToken,
      masterKey: c.admin.masterKey ?? undefined,
    });
  });
  after(async () => {
    await admin?.close();
    await c?.emu.close();
  });

  it("get_item is refused while pending and decrypts after our approval", async () => {
    const typeId = (await vaultTypes.list(admin)).find((t) => t.code === "company")!.id;
    const vaultId = await vaults.create(admin, { name: "requests", typeId });
    const itemId = await items.create(admin, { vaultId, name: "DB", password: "vendor-opens-Ji8*" });
    const masterKey = randomBytes(64).toString("base64");
    const member = await c.emu.seedUser({ login: "vendor.member", keys: await generateUserKeys(masterKey) });
    const groupId = await principals.groups.create(admin, { name: "vendor-team", userIds: [member.id] });
    await access.setGrant(admin, "vault", vaultId, {
      principalType: "group",
      principalId: groupId,
      access: "read",
    });
    const who = {
      accessToken: member.tokens.accessToken,
      refreshToken: member.tokens.refreshToken,
      masterKey,
    };

    const before = await py(c.emu, who, [{ op: "get_item", args: [itemId] }]);
    assert.equal(before[0]?.ok, false, "pending: the vendor client cannot read");

    await connectionRequests.approve(admin, vaultId, member.id);
    const after = await py(c.emu, who, [{ op: "get_item", args: [itemId] }]);
    assert.equal(okOf(after[0], "get_item").password, "vendor-opens-Ji8*");
  });
});
