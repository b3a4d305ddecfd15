/**
 * Every endpoint module against the emulator, once with encryption off and once with client-side
 * encryption on (records round-trip as plaintext; the wire carries base64 or ciphertext).
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "../../emulator/server";
import type { PassworkClient } from "../../provider/client/core";
import { ConfigurationError, NotFoundError } from "../../provider/client/errors";
import {
  access,
  activity,
  app,
  bin,
  folders,
  items,
  keys,
  principals,
  search,
  vaults,
  vaultTypes,
} from "../../provider/client/index";
import { path } from "../../provider/client/path";
import { ItemSchema } from "../../protocol/items";
import { clientFor, requestLog, seedIdentity, startTestEmulator, type Identity } from "./helpers/emulator";
import { collect, registerSecret, rejection } from "./helpers/leak-guard";

const CIPHER_PREFIX = "amt4cwv48xb6pp1h";

for (const cse of [false, true]) {
  describe(`client endpoints (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(30_000);
    let emu: RunningEmulator;
    let owner: Identity;
    let other: Identity;
    let c: PassworkClient;
    let c2: PassworkClient;
    let vaultId: string;
    let folderA: string;
    let folderB: string;
    let itemId: string;
    let typeId: string;
    const password = `pw-${cse ? "cse" : "plain"}-Zq8#kL2!vR`;
    const apiKey = `custom-value-${cse ? "cse" : "plain"}-93hf7`;
    registerSecret(password, apiKey, "rotated-pw-7Yx!c", "new-custom-value-44k");

    before(async () => {
      emu = await startTestEmulator(cse);
      owner = await seedIdentity(emu, "owner.one", { cse });
      other = await seedIdentity(emu, "other.two", { cse, role: "user" });
      c = clientFor(emu, owner);
      c2 = clientFor(emu, other);
    });
    after(async () => {
      await c?.close();
      await c2?.close();
      await emu?.close();
    });

    it("principals.me, app features/settings, vault types (cached), keys", async () => {
      const me = await principals.me(c);
      assert.equal(me.id, owner.id);
      assert.equal(me.login, "owner.one");
      assert.ok(Array.isArray(await app.features(c)));
      assert.equal(typeof (await app.settings(c)), "object");
      const types = await vaultTypes.list(c);
      assert.ok(types.length > 0);
      const before = c.stats().requests;
      await vaultTypes.list(c);
      assert.equal(c.stats().requests, before, "vault types are cached per client");
      typeId = (types.find((t) => t.code === "company") ?? types[0]!).id;
      const admins = await vaultTypes.administrators(c, typeId);
      assert.ok(Array.isArray(admins));
      if (cse) {
        const mine = await keys.mine(c);
        assert.equal(mine.id, owner.id);
        assert.match(await keys.publicKeyOf(c, other.id), /BEGIN PUBLIC KEY/);
      }
    });

    it("vaults: create, get, list, rename", async () => {
      vaultId = await vaults.create(c, { name: "infra", typeId });
      const v = await vaults.get(c, vaultId);
      assert.equal(v.name, "infra");
      if (cse) assert.ok(v.masterKeyEncrypted, "a CSE vault carries the caller's wrapped vault key");
      else assert.equal(v.masterKeyEncrypted, null);
      await vaults.rename(c, vaultId, "infrastructure");
      assert.ok((await vaults.list(c)).some((x) => x.id === vaultId && x.name === "infrastructure"));
    });

    it("folders: create, get, list, rename, move, and 404 as NotFoundError", async () => {
      folderA = await folders.create(c, { name: "prod", vaultId });
      folderB = await folders.create(c, { name: "db", vaultId, parentFolderId: folderA });
      assert.equal((await folders.get(c, folderB)).parentFolderId, folderA);
      await folders.rename(c, folderB, "databases");
      await folders.move(c, folderB, null);
      const list = await folders.list(c, vaultId);
      assert.deepEqual(list.map((f) => [f.name, f.parentFolderId]).sort(), [
        ["databases", null],
        ["prod", null],
      ]);
      await folders.move(c, folderB, folderA);
      assert.equal((await folders.get(c, folderB)).parentFolderId, folderA);
      const err = await rejection(folders.get(c, "0123456789abcdef01234567"));
      assert.ok(err instanceof NotFoundError);
    });

    it("items: create and get round-trip plaintext; the wire carries base64 or ciphertext", async () => {
      itemId = await items.create(c, {
        vaultId,
        folderId: folderB,
        name: "DB_PASSWORD",
        login: "app",
        url: "https://db.internal",
        description: "primary",
        color: 3,
        tags: ["prod", "db"],
        password,
        customs: [{ name: "API_KEY", type: "password", value: apiKey }],
      });
      const r = await items.get(c, itemId);
      assert.equal(r.password, password);
      assert.deepEqual(r.customs, [{ name: "API_KEY", type: "password", value: apiKey }]);
      assert.deepEqual(
        [r.name, r.login, r.url, r.description, r.color, r.folderId],
        ["DB_PASSWORD", "app", "https://db.internal", "primary", 3, folderB],
      );
      assert.deepEqual([...r.tags].sort(), ["db", "prod"]);
      const wire = await c.get(path`/items/${itemId}`, ItemSchema);
      if (cse) {
        assert.ok(wire.passwordEncrypted?.startsWith(CIPHER_PREFIX));
        assert.ok(wire.keyEncrypted);
        assert.ok(
          wire.customs?.every((x) => x.value.startsWith(CIPHER_PREFIX) && x.name.startsWith(CIPHER_PREFIX)),
        );
      } else {
        assert.equal(wire.passwordEncrypted, Buffer.from(password).toString("base64"));
        assert.equal(wire.keyEncrypted || null, null);
      }
    });

    it("items: update (replace customs/tags, keep the rest), list, snapshots, search", async () => {
      await items.update(c, itemId, {
        vaultId,
        password: "rotated-pw-7Yx!c",
        tags: ["prod"],
        customs: [{ name: "TOKEN", type: "text", value: "new-custom-value-44k" }],
      });
      const r = await items.get(c, itemId);
      assert.equal(r.password, "rotated-pw-7Yx!c");
      assert.deepEqual(r.customs, [{ name: "TOKEN", type: "text", value: "new-custom-value-44k" }]);
      assert.deepEqual(r.tags, ["prod"]);
      assert.equal(r.login, "app");
      await items.update(c, itemId, { vaultId, description: "primary db" });
      assert.equal(
        (await items.get(c, itemId)).password,
        "rotated-pw-7Yx!c",
        "a write without secrets keeps them readable",
      );
      assert.deepEqual(
        (await items.list(c, { vaultId })).map((x) => x.id),
        [itemId],
      );
      assert.deepEqual((await items.list(c, { vaultId, folderId: folderA })).length, 0);
      assert.ok((await items.snapshots(c, itemId)).length >= 1);
      const hits = await search.items(c, { tags: ["prod"], vaultIds: [vaultId] });
      assert.deepEqual(
        hits.map((h) => h.id),
        [itemId],
      );
      assert.ok(hits[0]!.path?.length);
      assert.equal(
        (await search.items(c, { query: "DB_PASS", folderIds: [folderA] })).length,
        0,
        "folderIds match direct children only",
      );
    });

    it("items.getMany: batches of ≤ 25, order kept, missing ids as NotFoundError", async () => {
      const second = await items.create(c, { vaultId, name: "SECOND", password: null });
      const missing = Array.from(
        { length: 25 },
        (_, i) => `ffffffffffffffffffff${String(i).padStart(4, "0")}`,
      );
      const ids = [itemId, ...missing, second];
      const logBefore = (await requestLog(emu)).length;
      const got = await items.getMany(c, ids);
      assert.deepEqual([...got.keys()], ids);
      assert.equal((got.get(itemId) as { password: string }).password, "rotated-pw-7Yx!c");
      assert.equal((got.get(second) as { password: string | null }).password, null);
      assert.ok(missing.every((id) => got.get(id) instanceof NotFoundError));
      const batchCalls = (await requestLog(emu))
        .slice(logBefore)
        .filter((l) => l.method === "POST" && l.path === "/api/v1/batch");
      assert.equal(batchCalls.length, 2, "27 ids → 2 batch calls");
      await items.remove(c, second);
    });

    it("access: grants on vault and folder, effective access; under CSE the grantee can decrypt", async () => {
      const grant = await access.setGrant(c, "vault", vaultId, {
        principalType: "user",
        principalId: other.id,
        access: "read",
      });
      assert.equal(grant.access, "read");
      assert.ok(
        (await access.listGrants(c, "vault", vaultId)).some(
          (g) => g.principalId === other.id && g.access === "read",
        ),
      );
      const eff = await access.effective(c, folderB, { principalType: "user", principalId: other.id });
      assert.equal(eff[0]?.access, "read");
      assert.equal(
        (await items.get(c2, itemId)).password,
        "rotated-pw-7Yx!c",
        "the grantee reads the record",
      );
      await access.setGrant(c, "folder", folderA, {
        principalType: "user",
        principalId: other.id,
        access: "forbidden",
      });
      assert.equal((await access.listGrants(c, "folder", folderA))[0]?.access, "forbidden");
      assert.ok(await rejection(items.get(c2, itemId)), "forbidden on the parent folder hides the record");
      await access.revokeGrant(c, "folder", folderA, "user", other.id);
      await access.revokeGrant(c, "vault", vaultId, "user", other.id);
      assert.equal(
        (await access.listGrants(c, "vault", vaultId)).some((g) => g.principalId === other.id),
        false,
      );
    });

    it("principals: users (incl. service accounts), groups, roles", async () => {
      const roles = await principals.roles.list(c);
      const userRole = roles.find((r) => r.code === "user") ?? roles[0]!;
      const saId = await principals.users.create(c, {
        login: "ci.bot",
        fullName: "CI bot",
        userRoleId: userRole.id,
        isServiceAccount: true,
      });
      assert.deepEqual(
        (await principals.users.list(c, { login: "ci.bot" })).map((u) => u.id),
        [saId],
      );
      assert.ok(
        (await principals.users.list(c, { isServiceAccount: true })).every((u) => u.isServiceAccount),
      );
      assert.equal((await principals.users.update(c, saId, { fullName: "CI robot" })).fullName, "CI robot");
      assert.equal((await principals.users.get(c, saId)).fullName, "CI robot");
      const gid = await principals.groups.create(c, { name: "devops", userIds: [saId] });
      assert.deepEqual((await principals.groups.get(c, gid)).userIds, [saId]);
      assert.equal((await principals.groups.update(c, gid, { description: "ops" })).description, "ops");
      assert.deepEqual(
        (await principals.groups.list(c, { name: "devops" })).map((g) => g.id),
        [gid],
      );
      await principals.groups.remove(c, gid);
      await principals.users.remove(c, saId);
      assert.ok((await rejection(principals.users.get(c, saId))) instanceof NotFoundError);
    });

    it("activity log records what happened to the item", async () => {
      const log = await activity.list(c, { objectId: itemId });
      assert.ok(log.items.some((e) => e.action === "item_created"));
      assert.ok(log.total >= log.items.length);
    });

    it("items.move, remove to the bin, restore; folders and vaults go to the bin", async () => {
      await items.move(c, itemId, { vaultId, folderId: folderA });
      assert.equal((await items.get(c, itemId)).folderId, folderA);
      const binId = await items.remove(c, itemId);
      assert.ok((await bin.list(c, vaultId)).some((b) => b.id === binId && b.objectId === itemId));
      assert.ok((await rejection(items.get(c, itemId))) instanceof NotFoundError);
      assert.equal(await bin.restore(c, binId), itemId);
      assert.equal((await items.get(c, itemId)).password, "rotated-pw-7Yx!c");
      assert.match(await folders.remove(c, folderB), /^[0-9a-f]{24}$/);
      assert.match(await vaults.remove(c, vaultId), /^[0-9a-f]{24}$/);
    });

    if (cse) {
      it("encrypted data without a master key → ConfigurationError naming passwork:masterKey", async () => {
        const v = await vaults.create(c, { name: "sealed", typeId });
        const id = await items.create(c, { vaultId: v, name: "S", password: "sealed-secret-123" });
        registerSecret("sealed-secret-123");
        const noKey = clientFor(emu, { ...owner, masterKey: undefined });
        try {
          const err = await rejection(items.get(noKey, id));
          assert.ok(err instanceof ConfigurationError);
          assert.match(err.message, /passwork:masterKey \(or environment variable PASSWORK_MASTER_KEY\)/);
          collect(err.message);
        } finally {
          await noKey.close();
        }
      });
    }
  });
}
