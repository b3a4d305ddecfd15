/**
 * passwork-cli 0.2.0 (exec / get / update / api), unmodified, against the emulator in both modes.
 */
import assert from "node:assert/strict";
import {
  cli,
  execBaseline,
  execEnv,
  okOf,
  py,
  ref,
  startConformance,
  type ConformanceEmulator,
} from "./harness";

for (const cse of [false, true]) {
  describe(`conformance: passwork-cli 0.2.0 against the emulator (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(120_000);
    let c: ConformanceEmulator;
    let vaultId: string;
    let folderId: string;
    let dbId: string;
    let apiId: string;
    let shortcutId: string;
    let baseline: Record<string, string>;

    before(async () => {
      c = await startConformance(cse);
      const r = await py(c.emu, c.admin, [
        { op: "find_vault_type", kwargs: { code: "company" } },
        { op: "create_vault", args: ["CLI", ref(0, "id")] },
        { op: "call", args: ["POST", "/api/v1/folders", { name: "prod", vaultId: ref(1) }] },
        {
          op: "create_item",
          args: [
            {
              vaultId: ref(1),
              folderId: ref(2, "id"),
              name: "DB_PASSWORD",
              login: "app",
              password: "pg-secret",
              tags: ["ci"],
              customs: [
                { name: "DB_USER", type: "text", value: "app" },
                { name: "OTP", type: "totp", value: "JBSWY3DPEHPK3PXP" },
                { name: "ROTATE", type: "password", value: "old" },
              ],
            },
          ],
        },
        {
          op: "create_item",
          args: [{ vaultId: ref(1), name: "API KEY", password: "api-secret", tags: ["ci", "prod"] }],
        },
        { op: "create_vault", args: ["CLI marker", ref(0, "id")] },
        { op: "create_vault", args: ["CLI shortcuts", ref(0, "id")] },
        { op: "create_shortcut", args: [ref(3), ref(6)] },
        { op: "create_item", args: [{ vaultId: ref(5), name: "ZZ_MARKER", password: "m" }] },
      ]);
      vaultId = okOf(r[1], "vault");
      folderId = okOf(r[2], "folder").id;
      dbId = okOf(r[3], "item");
      apiId = okOf(r[4], "item");
      shortcutId = okOf(r[7], "shortcut");
      baseline = await execBaseline(c.emu, c.admin, okOf(r[8], "marker item"), "ZZ_MARKER");
    });
    after(async () => c?.emu.close());

    const exec = (sel: string[]) => execEnv(c.emu, c.admin, sel, baseline);

    it("exec --password-id: one id, several ids (batch)", async () => {
      const one = await exec(["--password-id", dbId]);
      assert.equal(one.proc.code, 0, one.proc.stderr);
      assert.deepEqual(one.env, { DB_PASSWORD: "pg-secret", DB_USER: "app", ROTATE: "old" });
      const two = await exec(["--password-id", `${dbId},${apiId}`]);
      assert.deepEqual(two.env, {
        DB_PASSWORD: "pg-secret",
        DB_USER: "app",
        ROTATE: "old",
        API_KEY: "api-secret",
      });
    });

    it("exec --shortcut-id: one and several (GET /shortcuts/{id}, also inside /batch)", async () => {
      const one = await exec(["--shortcut-id", shortcutId]);
      assert.equal(one.proc.code, 0, one.proc.stderr);
      assert.deepEqual(one.env, { DB_PASSWORD: "pg-secret", DB_USER: "app", ROTATE: "old" });
      const several = await exec(["--shortcut-id", `${shortcutId},${shortcutId}`]);
      assert.equal(several.proc.code, 0, several.proc.stderr);
      assert.deepEqual(several.env, one.env);
    });

    it("exec by --vault-id, --folder-id and --tags (items and shortcuts searched)", async () => {
      const byVault = await exec(["--vault-id", vaultId]);
      assert.deepEqual(byVault.env, {
        DB_PASSWORD: "pg-secret",
        DB_USER: "app",
        ROTATE: "old",
        API_KEY: "api-secret",
      });
      const byFolder = await exec(["--folder-id", folderId]);
      assert.deepEqual(byFolder.env, { DB_PASSWORD: "pg-secret", DB_USER: "app", ROTATE: "old" });
      const byTags = await exec(["--tags", "ci,prod"]);
      assert.deepEqual(byTags.env, { API_KEY: "api-secret" });
      const none = await exec(["--tags", "nothing-has-this"]);
      assert.equal(none.proc.code, 1);
      assert.match(none.proc.stderr, /No passwords found/);
    });

    it("get: password, --field login, --field <custom>, --totp-code, --shortcut-id", async () => {
      const pw = await cli(c.emu, c.admin, ["get", "--password-id", dbId]);
      assert.equal(pw.code, 0, pw.stderr);
      assert.equal(pw.stdout, "pg-secret\n");
      assert.equal(
        (await cli(c.emu, c.admin, ["get", "--password-id", dbId, "--field", "login"])).stdout,
        "app\n",
      );
      assert.equal(
        (await cli(c.emu, c.admin, ["get", "--password-id", dbId, "--field", "DB_USER"])).stdout,
        "app\n",
      );
      const totp = await cli(c.emu, c.admin, ["get", "--password-id", dbId, "--totp-code", "OTP"]);
      assert.match(totp.stdout, /^\d{6}\n$/, totp.stderr);
      assert.equal((await cli(c.emu, c.admin, ["get", "--shortcut-id", shortcutId])).stdout, "pg-secret\n");
    });

    it("update: --login, --tags, --custom-<name> (replaces a password field, adds a new one)", async () => {
      const u = await cli(c.emu, c.admin, [
        "update",
        "--password-id",
        dbId,
        "--login",
        "app2",
        "--tags",
        "ci,rotated",
        "--custom-ROTATE",
        "new",
        "--custom-EXTRA=added",
      ]);
      assert.equal(u.code, 0, u.stderr);
      const r = await py(c.emu, c.admin, [{ op: "get_item", args: [dbId] }]);
      const got = okOf(r[0], "get_item");
      assert.equal(got.login, "app2");
      assert.deepEqual(got.tags, ["ci", "rotated"]);
      assert.equal(got.password, "pg-secret");
      assert.deepEqual(
        got.customs.map(
          (x: { name: string; type: string; value: string }) => `${x.name}:${x.type}:${x.value}`,
        ),
        ["DB_USER:text:app", "OTP:totp:JBSWY3DPEHPK3PXP", "ROTATE:password:new", "EXTRA:password:added"],
      );
      const viaShortcut = await cli(c.emu, c.admin, [
        "update",
        "--shortcut-id",
        shortcutId,
        "--url",
        "https://x",
      ]);
      assert.equal(viaShortcut.code, 0, viaShortcut.stderr);
    });

    it("api: GET with --field, POST with --params", async () => {
      const list = await cli(c.emu, c.admin, [
        "api",
        "--method",
        "GET",
        "--endpoint",
        "v1/vaults",
        "--field",
        "items",
      ]);
      assert.equal(list.code, 0, list.stderr);
      assert.ok((JSON.parse(list.stdout) as { id: string }[]).some((v) => v.id === vaultId));
      const made = await cli(c.emu, c.admin, [
        "api",
        "--method",
        "POST",
        "--endpoint",
        "v1/folders",
        "--params",
        JSON.stringify({ name: "from-cli", vaultId }),
        "--field",
        "id",
      ]);
      assert.equal(made.code, 0, made.stderr);
      assert.match(JSON.parse(made.stdout) as string, /^[0-9a-f]{24}$/);
      const bad = await cli(c.emu, c.admin, [
        "api",
        "--method",
        "GET",
        "--endpoint",
        "v1/items/search",
        "--params",
        '{"vaultIds":["nope"]}',
      ]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /vaultIds/);
    });
  });
}
