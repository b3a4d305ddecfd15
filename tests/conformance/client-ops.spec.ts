/**
 * Passwork's official client judges the emulator: every operation passwork-python 0.2.0 offers, run
 * unmodified in its own process against the emulator, in both encryption modes. Where they disagree the
 * emulator is wrong unless docs/emulator.md lists a documented exception.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KeyChain } from "../../provider/client/crypto/keychain";
import { decryptString } from "../../provider/client/crypto/aes";
import { rsaEncryptString } from "../../provider/client/crypto/rsa";
import { http, okOf, py, ref, startConformance, type ConformanceEmulator } from "./harness";

/** Every byte value, so an encoding slip in either direction shows. */
const FILE_BYTES = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
const SECOND_FILE = Buffer.from("second file, added by update_item\n", "utf8");

for (const cse of [false, true]) {
  describe(`conformance: passwork-python 0.2.0 client against the emulator (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(120_000);
    let c: ConformanceEmulator;
    let dir: string;
    let typeId: string;
    let vaultId: string;
    let otherVaultId: string;
    let folderId: string;
    let itemId: string;
    let shortcutId: string;
    const item = {
      name: "DB_PASSWORD",
      login: "app",
      url: "https://db.example",
      description: "main database",
      password: "pä$$wörd-🔑",
      tags: ["prod", "db"],
      color: 3,
      customs: [
        { name: "HOST", type: "text", value: "db.internal" },
        { name: "API_KEY", type: "password", value: "k-123" },
        { name: "OTP", type: "totp", value: "JBSWY3DPEHPK3PXP" },
      ],
    };

    before(async () => {
      c = await startConformance(cse);
      dir = mkdtempSync(join(tmpdir(), "pw-conformance-"));
      writeFileSync(join(dir, "blob.bin"), FILE_BYTES);
      writeFileSync(join(dir, "second.txt"), SECOND_FILE);
    });
    after(async () => {
      await c?.emu.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("app: features, vault types; health-check answers without a token", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "get_features" },
        { op: "find_vault_type", kwargs: { code: "company" } },
        { op: "find_feature", args: ["vaultType"] },
      ]);
      assert.deepEqual(okOf(r[0], "get_features"), [{ name: "vaultType" }]);
      typeId = okOf(r[1], "find_vault_type").id;
      assert.match(typeId, /^[0-9a-f]{24}$/);
      const anon = await py(c.emu, { accessToken: "" }, [
        { op: "call", args: ["POST", "/api/v1/app/health-check", { token: "anything" }] },
      ]);
      assert.deepEqual(okOf(anon[0], "health-check"), { states: { mongodb: "ok" }, errors: [] });
    });

    it("vaults: create_vault (with the type's administratorsKeys), get_vault, get_vault_password", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "create_vault", args: ["Conformance", typeId] },
        { op: "create_vault", args: ["Shortcut target", typeId] },
        { op: "get_vault", args: [ref(0)] },
        { op: "get_vault_password", args: [ref(2)] },
        { op: "get_vault_type_admins_keys", args: [typeId, "k"] },
      ]);
      vaultId = okOf(r[0], "create_vault");
      otherVaultId = okOf(r[1], "create_vault");
      const v = okOf(r[2], "get_vault");
      assert.equal(v.id, vaultId);
      assert.equal(v.typeId, typeId);
      if (cse) {
        assert.equal(typeof v.masterKeyEncrypted, "string");
        assert.equal(okOf(r[3], "get_vault_password").length, 100);
        assert.deepEqual(Object.keys(okOf(r[4], "administrators keys")), [c.emu.adminUserId]);
      } else {
        assert.equal(v.masterKeyEncrypted, null);
        assert.equal(okOf(r[3], "get_vault_password"), "");
      }
    });

    it("folders through call(): create, list, search", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "call", args: ["POST", "/api/v1/folders", { name: "services", vaultId }] },
        { op: "call", args: ["GET", "/api/v1/folders", { vaultId }] },
        { op: "call", args: ["GET", "/api/v1/folders/search", { query: "serv", vaultId }] },
      ]);
      folderId = okOf(r[0], "create folder").id;
      assert.deepEqual(
        okOf(r[1], "list folders").items.map((f: { id: string }) => f.id),
        [folderId],
      );
      assert.equal(okOf(r[2], "search folders").items[0].id, folderId);
    });

    it("items: create_item with customs, tags and an attachment; get_item decrypts it", async () => {
      const r = await py(c.emu, c.admin, [
        {
          op: "create_item",
          args: [
            {
              ...item,
              vaultId,
              folderId,
              attachments: [{ path: join(dir, "blob.bin"), name: "blob.bin" }],
            },
          ],
        },
        { op: "get_item", args: [ref(0)] },
      ]);
      itemId = okOf(r[0], "create_item");
      const got = okOf(r[1], "get_item");
      assert.equal(got.password, item.password);
      assert.deepEqual(
        got.customs.map((x: { name: string; type: string; value: string }) => [x.name, x.type, x.value]),
        item.customs.map((x) => [x.name, x.type, x.value]),
      );
      assert.deepEqual(got.tags, item.tags);
      assert.equal(got.folderId, folderId);
      assert.equal(got.attachments.length, 1);
      assert.deepEqual(Object.keys(got.attachments[0]).sort(), ["encryptedKey", "id", "name"]);
      assert.equal(got.attachments[0].name, "blob.bin");
      if (cse) assert.equal(typeof got.vaultMasterKeyEncrypted, "string");
    });

    it("attachments: download_item_attachment writes the same bytes (hash checked by the client)", async () => {
      const out = join(dir, "dl-item");
      const r = await py(c.emu, c.admin, [
        { op: "get_item", args: [itemId] },
        { op: "download_item_attachment", args: [ref(0), out] },
      ]);
      okOf(r[1], "download_item_attachment");
      assert.deepEqual(readFileSync(join(out, "blob.bin")), FILE_BYTES);
    });

    // Under CSE the client's pure-Python base32 is quadratic (200 KB take ~19 s), so the big file runs
    // with encryption off only; the emulator's body limit covers the CSE size too (docs/emulator.md).
    if (!cse)
      it("attachments: a 5 MB file (the client's cap) uploads and downloads intact", async () => {
        const big = Buffer.alloc(5 * 1024 * 1024);
        for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE((i * 2654435761) >>> 0, i);
        writeFileSync(join(dir, "big.bin"), big);
        const r = await py(c.emu, c.admin, [
          {
            op: "create_item",
            args: [{ vaultId, name: "BIG", attachments: [{ path: join(dir, "big.bin"), name: "big.bin" }] }],
          },
          { op: "get_item", args: [ref(0)] },
          { op: "download_item_attachment", args: [ref(1), join(dir, "dl-big")] },
          { op: "delete_item", args: [ref(0)] },
        ]);
        okOf(r[2], "download of the 5 MB file");
        assert.ok(readFileSync(join(dir, "dl-big", "big.bin")).equals(big));
        okOf(r[3], "delete_item");
      });

    it("batch and search: get_items, search_items, search_and_decrypt by vault, folder, tags, colour, query", async () => {
      const r = await py(c.emu, c.admin, [
        {
          op: "create_item",
          args: [{ vaultId, name: "ROOT_TOKEN", password: "root-secret", tags: ["prod"] }],
        },
        { op: "get_items", args: [[itemId, ref(0)]] },
        { op: "search_items", kwargs: { query: "main data" } },
        { op: "search_and_decrypt", kwargs: { vault_ids: [vaultId] } },
        { op: "search_and_decrypt", kwargs: { folder_ids: [folderId] } },
        { op: "search_and_decrypt", kwargs: { tags: ["prod", "db"] } },
        { op: "search_items", kwargs: { color_codes: [3] } },
      ]);
      const rootId = okOf(r[0], "create_item");
      assert.deepEqual(
        okOf(r[1], "get_items").map((x: { password: string }) => x.password),
        [item.password, "root-secret"],
      );
      assert.deepEqual(
        okOf(r[2], "search query").map((x: { id: string }) => x.id),
        [itemId],
      );
      assert.deepEqual(
        okOf(r[3], "by vault")
          .map((x: { id: string }) => x.id)
          .sort(),
        [itemId, rootId].sort(),
      );
      assert.deepEqual(
        okOf(r[4], "by folder").map((x: { id: string }) => x.id),
        [itemId],
      );
      assert.deepEqual(
        okOf(r[5], "by tags").map((x: { id: string }) => x.id),
        [itemId],
      );
      assert.deepEqual(
        okOf(r[6], "by colour").map((x: { id: string }) => x.id),
        [itemId],
      );
    });

    it("update_item: new login, password and customs; an uploaded file is added to the existing one", async () => {
      const r = await py(c.emu, c.admin, [
        {
          op: "update_item",
          args: [
            itemId,
            {
              vaultId,
              login: "app2",
              password: "rotated",
              customs: [{ name: "HOST", type: "text", value: "db2.internal" }],
              attachments: [{ path: join(dir, "second.txt"), name: "second.txt" }],
            },
          ],
        },
        { op: "get_item", args: [itemId] },
        { op: "download_item_attachment", args: [ref(1), join(dir, "dl-update")] },
      ]);
      okOf(r[0], "update_item");
      const got = okOf(r[1], "get_item");
      assert.equal(got.login, "app2");
      assert.equal(got.password, "rotated");
      assert.deepEqual(
        got.customs.map((x: { value: string }) => x.value),
        ["db2.internal"],
      );
      assert.deepEqual(
        got.attachments.map((a: { name: string }) => a.name),
        ["blob.bin", "second.txt"],
      );
      okOf(r[2], "download after update");
      assert.deepEqual(readdirSync(join(dir, "dl-update")).sort(), ["blob.bin", "second.txt"]);
      assert.deepEqual(readFileSync(join(dir, "dl-update", "second.txt")), SECOND_FILE);
    });

    it("snapshots: list through call(), get_snapshot decrypts the first revision, download_snapshot_attachments", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "call", args: ["GET", `/api/v1/items/${itemId}/snapshots`] },
        { op: "get_snapshot", args: [itemId, ref(0, "items", 0, "id")] },
        { op: "download_snapshot_attachments", args: [ref(1), join(dir, "dl-snap")] },
      ]);
      assert.equal(okOf(r[0], "snapshots").items.length, 2);
      const first = okOf(r[1], "get_snapshot");
      assert.equal(first.password, item.password);
      assert.equal(first.login, "app");
      assert.deepEqual(
        first.attachments.map((a: { name: string }) => a.name),
        ["blob.bin"],
      );
      okOf(r[2], "download_snapshot_attachments");
      assert.deepEqual(readFileSync(join(dir, "dl-snap", "blob.bin")), FILE_BYTES);
    });

    it("shortcuts: create_shortcut, get_shortcut, search_shortcut, search_and_decrypt_shortcut, batch, download", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "create_shortcut", args: [itemId, otherVaultId] },
        { op: "get_shortcut", args: [ref(0)] },
        { op: "search_shortcut", kwargs: { vault_ids: [otherVaultId] } },
        { op: "search_and_decrypt_shortcut", kwargs: { vault_ids: [otherVaultId] } },
        { op: "get_shortcut_items", args: [[ref(0)]] },
        { op: "download_shortcut_attachment", args: [ref(1), join(dir, "dl-shortcut")] },
        { op: "search_shortcut", kwargs: { vault_ids: [vaultId] } },
      ]);
      shortcutId = okOf(r[0], "create_shortcut");
      const sc = okOf(r[1], "get_shortcut");
      assert.equal(sc.id, itemId, "top-level id is the item's");
      assert.equal(sc.shortcut.id, shortcutId);
      assert.equal(sc.shortcut.vaultId, otherVaultId);
      assert.equal(sc.shortcut.creator, "admin");
      assert.equal(sc.password.password, "rotated");
      assert.equal(sc.path[0].vaultId, otherVaultId);
      if (cse) assert.equal(typeof sc.shortcut.keyEncrypted, "string");
      else assert.equal(sc.shortcut.keyEncrypted, null);
      assert.deepEqual(
        okOf(r[2], "search_shortcut").map((x: { shortcut: { id: string } }) => x.shortcut.id),
        [shortcutId],
      );
      assert.equal(okOf(r[3], "search_and_decrypt_shortcut")[0].password.password, "rotated");
      assert.equal(okOf(r[4], "get_shortcut_items")[0].password.login, "app2");
      okOf(r[5], "download_shortcut_attachment");
      assert.deepEqual(readFileSync(join(dir, "dl-shortcut", "blob.bin")), FILE_BYTES);
      assert.deepEqual(okOf(r[6], "search in the item's own vault"), []);
    });

    it("links: create_link for an item and for a shortcut (CSE: #code= appended by the client)", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "create_link", args: ["reusable", "1 week"], kwargs: { item_id: itemId } },
        { op: "create_link", args: ["single_use", "1 hour"], kwargs: { shortcut_id: shortcutId } },
        { op: "create_link", args: ["forever", "1 hour"], kwargs: { item_id: itemId } },
      ]);
      for (const i of [0, 1]) {
        const url = okOf(r[i], "create_link") as string;
        assert.ok(url.startsWith(`${c.emu.url}/link/`), url);
        if (cse) assert.match(url, /#code=[A-Za-z0-9@!]{100}$/);
        else assert.ok(!url.includes("#code="));
      }
      assert.equal(r[2]!.ok, false, "an unknown link type is refused");
      if (!r[2]!.ok) assert.match(r[2]!.error, /type/);
    });

    it("inbox: get_inbox_item decrypts a shared item with the inbox key; download_inbox_attachment", async () => {
      const sender = await c.emu.seedUser({ login: "sender", role: "user" });
      let keyEncrypted: string | null = null;
      if (cse) {
        const token = c.emu.adminTokens.accessToken;
        const kc = new KeyChain(c.emu.adminMasterKey as string);
        const keys = (await http(c.emu, "GET", "/api/v1/users/keys", undefined, token)).body;
        kc.privateKey(keys);
        const raw = (await http(c.emu, "GET", `/api/v1/items/${itemId}`, undefined, token)).body;
        const itemKey = decryptString(raw.keyEncrypted, kc.vaultKey(vaultId, raw.vaultMasterKeyEncrypted));
        keyEncrypted = rsaEncryptString(keys.keys.public, itemKey);
      }
      const seeded = await http(c.emu, "POST", "/_emulator/inbox-items", {
        itemId,
        recipientId: c.emu.adminUserId,
        senderId: sender.id,
        keyEncrypted,
        access: "write",
      });
      assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
      const r = await py(c.emu, c.admin, [
        { op: "get_inbox_item", args: [seeded.body.id] },
        { op: "download_inbox_attachment", args: [ref(0), join(dir, "dl-inbox")] },
      ]);
      const ib = okOf(r[0], "get_inbox_item");
      assert.equal(ib.id, itemId);
      assert.equal(ib.inbox.id, seeded.body.id);
      assert.equal(ib.inbox.sender.login, "sender");
      assert.equal(ib.inbox.access, "write");
      if (cse) assert.equal(ib.password, "rotated");
      okOf(r[1], "download_inbox_attachment");
      assert.deepEqual(readFileSync(join(dir, "dl-inbox", "blob.bin")), FILE_BYTES);
    });

    it("users: user-roles with the vendor's query, create_user (CSE: new master-key options and keys), public keys", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "call", args: ["GET", "/api/v1/user-roles", { includeUserRole: "1", isOnlyManageable: "1" }] },
      ]);
      const roles = okOf(r[0], "user-roles").items as { id: string; code: string }[];
      const userRole = roles.find((x) => x.code === "user");
      assert.ok(userRole, "the default role has code user");
      const r2 = await py(c.emu, c.admin, [
        {
          op: "create_user",
          args: [
            { email: "py@example.com", fullName: "Python User", login: "py-user", userRoleId: userRole.id },
          ],
        },
        { op: "get_user_public_key", args: [ref(0, "user_id")] },
        { op: "get_user_public_key", args: [c.emu.adminUserId] },
        { op: "get_user_master_key_new_options" },
      ]);
      const created = okOf(r2[0], "create_user");
      assert.match(created.user_id, /^[0-9a-f]{24}$/);
      const user = (
        await http(c.emu, "GET", `/api/v1/users/${created.user_id}`, undefined, c.admin.accessToken)
      ).body;
      assert.equal(user.email, "py@example.com");
      assert.equal(user.fullName, "Python User");
      if (cse) {
        assert.match(okOf(r2[1], "new user's public key"), /BEGIN PUBLIC KEY/);
        assert.match(okOf(r2[2], "admin's public key"), /BEGIN PUBLIC KEY/);
        const opts = okOf(r2[3], "new-options");
        assert.equal(opts.digest, "sha256");
        assert.equal(typeof opts.iterations, "number");
      } else {
        assert.equal(r2[1]!.ok, false, "encryption off: no key pair, so no public key");
      }
    });

    it("sessions: update_access_token, update_refresh_token, update_tokens, auto_refresh, save/load_session", async () => {
      const pair = (await http(c.emu, "POST", "/_emulator/tokens", { userId: c.emu.adminUserId })).body;
      const who = { ...c.admin, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
      const sessionFile = join(dir, "session.bin");
      const r = await py(c.emu, who, [
        { op: "update_access_token" },
        { op: "get_vault", args: [vaultId] },
        { op: "update_refresh_token" },
        { op: "update_tokens" },
        { op: "get_vault", args: [vaultId] },
        { op: "save_session", args: [sessionFile, "session-key"] },
        { op: "_set", kwargs: { name: "access_token", value: null } },
        { op: "load_session", args: [sessionFile, "session-key"] },
        { op: "get_vault", args: [vaultId] },
        { op: "_get", kwargs: { name: "access_token" } },
        { op: "_get", kwargs: { name: "refresh_token" } },
      ]);
      for (const [i, what] of [
        [0, "update_access_token"],
        [1, "get_vault after it"],
        [2, "update_refresh_token"],
        [3, "update_tokens"],
        [4, "get_vault after the pair refresh"],
        [5, "save_session"],
        [7, "load_session"],
        [8, "get_vault after load_session"],
      ] as const)
        okOf(r[i], what);
      const latest = { access: okOf(r[9], "access"), refresh: okOf(r[10], "refresh") };
      assert.notEqual(latest.access, pair.accessToken);
      assert.equal(
        (await http(c.emu, "GET", `/api/v1/vaults/${vaultId}`, undefined, pair.accessToken)).status,
        401,
        "the old pair died with the refresh",
      );
      // auto_refresh: an expired access token is refreshed once and the call replayed.
      await http(c.emu, "POST", "/_emulator/tokens/expire", { accessToken: latest.access });
      const expired = { ...c.admin, accessToken: latest.access, refreshToken: latest.refresh };
      const noAuto = await py(c.emu, expired, [{ op: "get_vault", args: [vaultId] }]);
      assert.equal(noAuto[0]!.ok, false);
      if (!noAuto[0]!.ok) assert.match(noAuto[0]!.error, /expired/i);
      const auto = await py(c.emu, expired, [{ op: "get_vault", args: [vaultId] }], { autoRefresh: true });
      assert.equal(okOf(auto[0], "get_vault with auto_refresh").id, vaultId);
    });

    if (cse)
      it("master password: set_master_password derives the admin's master key from the server's options", async () => {
        const r = await py(
          c.emu,
          { ...c.admin, masterKey: null, masterPassword: c.emu.adminMasterPassword },
          [
            { op: "get_item", args: [itemId] },
            { op: "_get", kwargs: { name: "master_key" } },
          ],
        );
        assert.equal(okOf(r[0], "get_item").password, "rotated");
        assert.equal(okOf(r[1], "master_key"), c.emu.adminMasterKey);
      });

    it("delete and bin: delete_item → binItemId, restore through call(); a shortcut deleted through call()", async () => {
      const r = await py(c.emu, c.admin, [
        { op: "create_item", args: [{ vaultId, name: "TEMP", password: "temp" }] },
        { op: "delete_item", args: [ref(0)] },
        { op: "get_item", args: [ref(0)] },
        { op: "call", args: ["GET", "/api/v1/bin", { vaultId }] },
      ]);
      const binItemId = okOf(r[1], "delete_item");
      assert.match(binItemId, /^[0-9a-f]{24}$/);
      assert.equal(r[2]!.ok, false, "a deleted item is gone");
      assert.ok(okOf(r[3], "bin").items.some((b: { id: string }) => b.id === binItemId));
      const again = await py(c.emu, c.admin, [
        { op: "call", args: ["POST", `/api/v1/bin/${binItemId}/restore`] },
        { op: "get_item", args: [okOf(r[0], "create")] },
        { op: "create_shortcut", args: [itemId, otherVaultId] },
      ]);
      okOf(again[0], "restore");
      assert.equal(okOf(again[1], "get_item after restore").password, "temp");
      const sc = okOf(again[2], "create_shortcut");
      const del = await py(c.emu, c.admin, [{ op: "call", args: ["DELETE", `/api/v1/shortcuts/${sc}`] }]);
      assert.match(okOf(del[0], "delete shortcut").binItemId, /^[0-9a-f]{24}$/);
    });
  });
}
