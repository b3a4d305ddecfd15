/**
 * Attachments, shortcuts, links, inbox items, health check and vault-type administrators at the HTTP
 * level (no Python needed): validation names the field, access rules hold, and everything persists.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { as, b64, call, makeVault, start } from "./helpers";

const file = Buffer.from("bytes\u0000\u00ff", "latin1");
const upload = (name: string) => ({
  name,
  encryptedKey: b64("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
  encryptedData: b64(file.toString("base64")),
  hash: createHash("sha256").update(file.toString("latin1"), "utf8").digest("hex"),
});

describe("emulator: attachments, shortcuts, links, inbox, health check", function () {
  this.timeout(20_000);

  it("attachments: ids on read, data on their own route, kept by a PATCH that does not name them; bad uploads name the field", async () => {
    const emu = await start();
    try {
      const admin = as(emu, emu.adminTokens.accessToken);
      const vaultId = await makeVault(admin, "Files");
      const id = (await admin.post("/api/v1/items", { vaultId, name: "f", attachments: [upload("a.bin")] }))
        .body.id;
      const item = (await admin.get(`/api/v1/items/${id}`)).body;
      assert.deepEqual(Object.keys(item.attachments[0]).sort(), ["encryptedKey", "id", "name"]);
      const att = (await admin.get(`/api/v1/items/${id}/attachment/${item.attachments[0].id}`)).body;
      assert.equal(att.encryptedData, upload("a.bin").encryptedData);
      await admin.patch(`/api/v1/items/${id}`, { vaultId, login: "x" });
      await admin.patch(`/api/v1/items/${id}`, { vaultId, attachments: [upload("b.bin")] });
      let names = (await admin.get(`/api/v1/items/${id}`)).body.attachments.map(
        (a: { name: string }) => a.name,
      );
      assert.deepEqual(names, ["a.bin", "b.bin"], "uploads are added");
      await admin.patch(`/api/v1/items/${id}`, { vaultId, attachments: [{ id: item.attachments[0].id }] });
      names = (await admin.get(`/api/v1/items/${id}`)).body.attachments.map((a: { name: string }) => a.name);
      assert.deepEqual(names, ["a.bin"], "a list naming ids is the whole list");
      const bad = await admin.post("/api/v1/items", {
        vaultId,
        name: "g",
        attachments: [{ ...upload("c"), hash: "x" }],
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, "attachments.0.hash");
      const unknown = await admin.patch(`/api/v1/items/${id}`, {
        vaultId,
        attachments: [{ id: "0".repeat(24) }],
      });
      assert.equal(unknown.body.errors[0].field, "attachments.0.id");
      const outsider = as(emu, (await emu.seedUser({ login: "outsider" })).tokens.accessToken);
      assert.equal(
        (await outsider.get(`/api/v1/items/${id}/attachment/${item.attachments[0].id}`)).status,
        403,
      );
    } finally {
      await emu.close();
    }
  });

  it("shortcuts: create needs read on the item and edit where it goes; search and get follow the shortcut's place; the bin keeps them", async () => {
    const emu = await start();
    try {
      const admin = as(emu, emu.adminTokens.accessToken);
      const src = await makeVault(admin, "Source");
      const dst = await makeVault(admin, "Target");
      const folder = (await admin.post("/api/v1/folders", { name: "links", vaultId: dst })).body.id;
      const item = (await admin.post("/api/v1/items", { vaultId: src, name: "DB", tags: ["t"] })).body.id;
      const sc = (await admin.post("/api/v1/shortcuts", { itemId: item, vaultId: dst, folderId: folder }))
        .body.id;
      const got = (await admin.get(`/api/v1/shortcuts/${sc}`)).body;
      assert.equal(got.id, item);
      assert.equal(got.shortcut.folderId, folder);
      assert.equal(got.path.at(-1).folderId, folder);
      assert.equal((await admin.get(`/api/v1/shortcuts/search?folderIds[]=${folder}`)).body.items.length, 1);
      assert.equal(
        (await admin.get(`/api/v1/shortcuts/search?tags[]=t&vaultIds[]=${src}`)).body.items.length,
        0,
      );
      const bob = await emu.seedUser({ login: "bob" });
      const asBob = as(emu, bob.tokens.accessToken);
      assert.equal((await asBob.get(`/api/v1/shortcuts/${sc}`)).status, 403);
      const bobVault = await makeVault(asBob, "Bob's", "privateShared");
      assert.equal((await asBob.post("/api/v1/shortcuts", { itemId: item, vaultId: bobVault })).status, 403);
      const bin = (await admin.del(`/api/v1/folders/${folder}`)).body.binItemId;
      assert.equal((await admin.get(`/api/v1/shortcuts/${sc}`)).status, 404);
      await admin.post(`/api/v1/bin/${bin}/restore`);
      assert.equal((await admin.get(`/api/v1/shortcuts/${sc}`)).body.shortcut.id, sc);
      const batch = await admin.post("/api/v1/batch", {
        requests: [{ method: "GET", relativeUrl: `/api/v1/shortcuts/${sc}` }],
      });
      assert.equal(batch.body.responses[0].body.shortcut.id, sc);
    } finally {
      await emu.close();
    }
  });

  it("under CSE a shortcut needs keyEncrypted; links need keyHash and keyEncrypted; inbox items answer their recipient only", async () => {
    const emu = await start({ clientSideEncryption: true });
    try {
      const admin = as(emu, emu.adminTokens.accessToken);
      const types = (await admin.get("/api/v1/vault-types/all")).body.items;
      const vault = (
        await admin.post("/api/v1/vaults", { name: "v", typeId: types[0].id, masterKeyEncrypted: "cnNh" })
      ).body.id;
      const item = (await admin.post("/api/v1/items", { vaultId: vault, name: "x" })).body.id;
      const noKey = await admin.post("/api/v1/shortcuts", { itemId: item, vaultId: vault });
      assert.equal(noKey.body.errors[0].field, "keyEncrypted");
      const link = await admin.post("/api/v1/links", {
        itemId: item,
        itemData: { name: "x" },
        keyHash: null,
        keyEncrypted: null,
        type: "reusable",
        expirationTime: "unlimited",
      });
      assert.equal(link.body.errors[0].field, "keyHash");
      const bob = await emu.seedUser({ login: "bob" });
      const seeded = await call(emu.url, "POST", "/_emulator/inbox-items", {
        body: { itemId: item, recipientId: bob.id, senderId: emu.adminUserId, keyEncrypted: "cnNh" },
      });
      assert.equal((await admin.get(`/api/v1/inbox-items/${seeded.body.id}`)).status, 403);
      const mine = (await as(emu, bob.tokens.accessToken).get(`/api/v1/inbox-items/${seeded.body.id}`)).body;
      assert.equal(mine.inbox.keyEncrypted, "cnNh");
      assert.equal(mine.inbox.access, "read");
      assert.equal(typeof emu.adminMasterKey, "string");
      assert.match((await admin.get("/api/v1/users/keys")).body.keys.privateEncrypted, /^amt4cwv48xb6pp1h/);
    } finally {
      await emu.close();
    }
  });

  it("health-check needs no token; master-key new-options need one", async () => {
    const emu = await start();
    try {
      const h = await call(emu.url, "POST", "/api/v1/app/health-check", { body: { token: "x" } });
      assert.deepEqual(h.body, { states: { mongodb: "ok" }, errors: [] });
      assert.equal((await call(emu.url, "GET", "/api/v1/users/master-key/new-options")).status, 401);
      const opts = (await as(emu, emu.adminTokens.accessToken).get("/api/v1/users/master-key/new-options"))
        .body;
      assert.deepEqual(Object.keys(opts).sort(), ["bytes", "digest", "iterations", "salt"]);
    } finally {
      await emu.close();
    }
  });

  it("persists attachments and shortcuts across a restart", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "emu-sharing-"));
    try {
      let emu = await start({ dataDir });
      let admin = as(emu, emu.adminTokens.accessToken);
      const vaultId = await makeVault(admin, "Kept");
      const item = (await admin.post("/api/v1/items", { vaultId, name: "f", attachments: [upload("k.bin")] }))
        .body.id;
      const sc = (await admin.post("/api/v1/shortcuts", { itemId: item, vaultId })).body.id;
      const attId = (await admin.get(`/api/v1/items/${item}`)).body.attachments[0].id;
      await emu.close();
      emu = await start({ dataDir });
      admin = as(emu, emu.adminTokens.accessToken);
      assert.equal((await admin.get(`/api/v1/items/${item}/attachment/${attId}`)).body.name, "k.bin");
      assert.equal((await admin.get(`/api/v1/shortcuts/${sc}`)).body.shortcut.id, sc);
      await emu.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
