// Attachments and shortcuts through the real Pulumi CLI, in both encryption modes:
// - a record with two attachments (a StringAsset and a FileAsset) is created; a second `up` sends no
//   request; one changed file is one write; the official client downloads both byte-identical;
// - a file attached by hand survives every `up`;
// - a Shortcut is visible to a principal with access only to the shortcut's place, getSecrets over that
//   folder equals `passwork-cli exec` over it, and the shortcut is deleted cleanly.
import * as assert from "assert";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { access, attachments as files, items, PassworkClient, shortcuts } from "../../provider/client";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { lookupRecord, lookupSecrets } from "../../sdk/reads/objects";
import { execBaseline, execEnv, okOf, py, ref } from "../conformance/harness";
import { changeCount, leakedSecrets, openEngineStack, type EngineStack } from "./harness";

async function takeRequests(emu: RunningEmulator): Promise<{ method: string; route: string }[]> {
  const raw = { headers: { "x-response-format": "raw" } };
  const body = (await (await fetch(new URL("/_emulator/requests", emu.url), raw)).json()) as {
    items: { method: string; route: string }[];
  };
  await fetch(new URL("/_emulator/requests", emu.url), { method: "DELETE", ...raw });
  return body.items.filter((r) => !r.route.startsWith("/_emulator/"));
}

const figures: string[] = [];

for (const cse of [false, true]) {
  describe(`engine: attachments and shortcuts (${cse ? "client-side encryption" : "encryption off"})`, function () {
    this.timeout(600_000);
    let emu: RunningEmulator;
    let stack: EngineStack;
    let dir: string;
    let admin: PassworkClient;
    const who = () => ({
      accessToken: emu.adminTokens.accessToken,
      refreshToken: emu.adminTokens.refreshToken,
      masterKey: emu.adminMasterKey,
    });
    const declared = { shortcut: true };
    const KUBECONFIG = `apiVersion: v1\nkind: Config\n# token ${crypto.randomBytes(8).toString("hex")} ✓\n`;
    let saJson: Buffer;

    before(async () => {
      emu = await startEmulator({ port: 0, logErrors: false, clientSideEncryption: cse });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "pw-engine-files-"));
      saJson = crypto.randomBytes(4096);
      fs.writeFileSync(path.join(dir, "sa.json"), saJson);
      admin = new PassworkClient({
        host: emu.url,
        accessToken: emu.adminTokens.accessToken,
        refreshToken: emu.adminTokens.refreshToken,
        ...(cse ? { masterKey: emu.adminMasterKey! } : {}),
      });
      stack = await openEngineStack({
        projectName: "attachments-shortcuts",
        stackName: cse ? "cse" : "plain",
        config: {
          "passwork:host": { value: emu.url },
          "passwork:accessToken": { value: emu.adminTokens.accessToken, secret: true },
          "passwork:refreshToken": { value: emu.adminTokens.refreshToken, secret: true },
          ...(cse ? { "passwork:masterKey": { value: emu.adminMasterKey!, secret: true } } : {}),
        },
        program: async () => {
          const prod = new passwork.Vault("prod", { name: "production" });
          const ci = new passwork.Vault("ci", { name: "ci" });
          const deploy = new passwork.Folder("deploy", { name: "deploy", vaultId: ci.id });
          const record = new passwork.Record("cluster-admin", {
            name: "cluster-admin",
            vaultId: prod.id,
            password: "cluster-pw",
            customFields: { K8S_SERVER: { value: "https://k8s.internal" } },
            attachments: {
              kubeconfig: new pulumi.asset.StringAsset(KUBECONFIG),
              "sa.json": new pulumi.asset.FileAsset(path.join(dir, "sa.json")),
            },
          });
          const out: Record<string, pulumi.Output<unknown>> = {
            recordId: record.id,
            attachmentIds: record.attachmentIds,
            prodId: prod.id,
            ciId: ci.id,
            deployId: deploy.id,
          };
          if (declared.shortcut) {
            const sc = new passwork.Shortcut("cluster-admin-in-ci", {
              recordId: record.id,
              vaultId: ci.id,
              folderId: deploy.id,
            });
            out.shortcutId = sc.id;
          }
          return out;
        },
      });
    });
    after(async () => {
      await stack?.destroy().catch(() => undefined);
      await stack?.dispose();
      await emu?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    let outputs: Record<string, any>;

    it("creates the record with two files and the shortcut; the second up sends nothing", async () => {
      await takeRequests(emu);
      let t = Date.now();
      const first = await stack.up();
      const firstMs = Date.now() - t;
      outputs = first.outputs as Record<string, any>;
      // The stack itself, two vaults, a folder, the record and the shortcut.
      assert.strictEqual(first.summary.create, 6, JSON.stringify(first.summary));
      const created = await takeRequests(emu);
      assert.deepStrictEqual(Object.keys(outputs.attachmentIds).sort(), ["kubeconfig", "sa.json"]);
      t = Date.now();
      const second = await stack.up();
      const secondMs = Date.now() - t;
      assert.strictEqual(changeCount(second), 0, JSON.stringify(second.summary));
      assert.deepStrictEqual(await takeRequests(emu), [], "a no-change up sends no request");
      figures.push(
        `${cse ? "CSE" : "plain"}: first up ${created.length} requests (${created.filter((r) => r.method !== "GET").length} writes) in ${firstMs} ms; second up 0 requests in ${secondMs} ms`,
      );
      const state = JSON.stringify(await stack.exportState());
      assert.deepStrictEqual(
        leakedSecrets(state, [
          KUBECONFIG,
          saJson.toString("base64"),
          Buffer.from(KUBECONFIG).toString("base64"),
        ]),
        [],
        "file content is stored encrypted",
      );
    });

    it("the official client downloads both files byte-identical", async () => {
      const out = path.join(dir, "dl");
      const r = await py(emu, who(), [
        { op: "get_item", args: [outputs.recordId] },
        { op: "download_item_attachment", args: [ref(0), out] },
      ]);
      okOf(r[1], "download_item_attachment");
      assert.strictEqual(fs.readFileSync(path.join(out, "kubeconfig"), "utf8"), KUBECONFIG);
      assert.deepStrictEqual(fs.readFileSync(path.join(out, "sa.json")), saJson);
    });

    it("a hand-attached file survives; one changed file is one write", async () => {
      const { item, itemKey } = await files.itemWithKey(admin, outputs.recordId);
      await files.replaceAttachments(
        admin,
        item,
        (item.attachments ?? []).map((a) => a.id),
        [files.encodeAttachment("runbook.md", Buffer.from("# by hand\n"), itemKey)],
        true,
      );
      await takeRequests(emu);
      const untouched = await stack.up();
      assert.strictEqual(changeCount(untouched), 0, JSON.stringify(untouched.summary));
      assert.deepStrictEqual(await takeRequests(emu), []);

      saJson = crypto.randomBytes(4096);
      fs.writeFileSync(path.join(dir, "sa.json"), saJson);
      const t = Date.now();
      const changed = await stack.up();
      const ms = Date.now() - t;
      assert.strictEqual(changed.summary.update, 1, JSON.stringify(changed.summary));
      assert.strictEqual(changeCount(changed), 1);
      const sent = await takeRequests(emu);
      const writes = sent.filter((r) => r.method !== "GET");
      assert.deepStrictEqual(
        writes.map((r) => `${r.method} ${r.route}`),
        ["PATCH /api/v1/items/:id"],
        "one write",
      );
      figures.push(
        `${cse ? "CSE" : "plain"}: one changed 4 KiB file: ${sent.length} requests, ${writes.length} write (${sent.map((r) => `${r.method} ${r.route}`).join(", ")}), ${ms} ms`,
      );

      const names = (await files.itemWithKey(admin, outputs.recordId)).item
        .attachments!.map((a) => a.name)
        .sort();
      assert.deepStrictEqual(
        names,
        ["kubeconfig", "runbook.md", "sa.json"],
        "the hand-attached file survives",
      );
      const out = path.join(dir, "dl2");
      const r = await py(emu, who(), [
        { op: "get_item", args: [outputs.recordId] },
        { op: "download_item_attachment", args: [ref(0), out] },
      ]);
      okOf(r[1], "download_item_attachment");
      assert.deepStrictEqual(fs.readFileSync(path.join(out, "sa.json")), saJson);
      assert.strictEqual(fs.readFileSync(path.join(out, "runbook.md"), "utf8"), "# by hand\n");
    });

    it("the shortcut is visible to a principal with access only to its place; getSecrets over the folder = passwork-cli exec", async () => {
      const masterKey = crypto.randomBytes(64).toString("base64");
      const bot = await emu.seedUser({
        login: "ci-bot",
        isServiceAccount: true,
        ...(cse ? { keys: await generateUserKeys(masterKey) } : {}),
      });
      // Under CSE folders carry no keys, so the bot reads the ci vault (not prod); otherwise only ci/deploy.
      if (cse)
        await access.setGrant(admin, "vault", outputs.ciId, {
          principalType: "user",
          principalId: bot.id,
          access: "read",
        });
      else
        await access.setGrant(admin, "folder", outputs.deployId, {
          principalType: "user",
          principalId: bot.id,
          access: "read",
        });
      const asBot = new PassworkClient({
        host: emu.url,
        accessToken: bot.tokens.accessToken,
        refreshToken: bot.tokens.refreshToken,
        ...(cse ? { masterKey } : {}),
      });
      const seen = await shortcuts.inPlace(asBot, outputs.ciId, outputs.deployId);
      assert.deepStrictEqual(
        seen.map((s) => s.shortcut.id),
        [outputs.shortcutId],
      );
      const viaShortcut = await lookupRecord(asBot, { id: outputs.shortcutId });
      assert.strictEqual(viaShortcut.password, "cluster-pw");

      const marker = await items.create(admin, {
        vaultId: outputs.prodId,
        name: "ZZ_MARKER",
        password: "m",
        tags: [],
        customs: [],
      });
      const baseline = await execBaseline(emu, who(), marker, "ZZ_MARKER");
      const exec = await execEnv(emu, who(), ["--folder-id", outputs.deployId], baseline);
      assert.strictEqual(exec.proc.code, 0, exec.proc.stderr);
      const ours = await lookupSecrets(admin, { folderId: outputs.deployId });
      assert.deepStrictEqual(ours.env, exec.env);
      assert.strictEqual(exec.env["cluster_admin"], "cluster-pw");
      assert.strictEqual(exec.env["K8S_SERVER"], "https://k8s.internal");
    });

    it("removing the shortcut from the program deletes it cleanly; the record and its files stay", async () => {
      declared.shortcut = false;
      const run = await stack.up();
      assert.strictEqual(run.summary.delete, 1, JSON.stringify(run.summary));
      assert.deepStrictEqual(await shortcuts.inPlace(admin, outputs.ciId, outputs.deployId), []);
      const names = (await files.itemWithKey(admin, outputs.recordId)).item
        .attachments!.map((a) => a.name)
        .sort();
      assert.deepStrictEqual(names, ["kubeconfig", "runbook.md", "sa.json"]);
      const again = await stack.up();
      assert.strictEqual(changeCount(again), 0);
    });
  });
}

after(() => {
  if (figures.length) console.log(`\n  figures:\n    ${figures.join("\n    ")}`);
});

describe("engine: a Layout with shortcuts and attachments, and the access review's shortcut reach", function () {
  this.timeout(600_000);
  let emu: RunningEmulator;
  let stack: EngineStack;
  let dir: string;

  before(async () => {
    emu = await startEmulator({ port: 0, logErrors: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pw-engine-layout-files-"));
    fs.writeFileSync(path.join(dir, "dump.bin"), Buffer.from([0, 255, 1, 254]));
    stack = await openEngineStack({
      projectName: "layout-shortcuts",
      config: {
        "passwork:host": { value: emu.url },
        "passwork:accessToken": { value: emu.adminTokens.accessToken, secret: true },
      },
      program: async () => {
        const layout = new passwork.Layout("team", {
          spec: {
            vault: { name: "team" },
            identities: { serviceAccounts: [{ login: "ci-svc" }] },
            folders: {
              production: {
                records: [
                  {
                    name: "mysql-primary",
                    password: { value: "db-pw" },
                    attachments: { "ca.pem": "CERT\n", "dump.bin": { file: path.join(dir, "dump.bin") } },
                  },
                ],
              },
              ci: {
                access: [{ serviceAccount: "ci-svc", level: "read" }],
                shortcuts: ["production/mysql-primary"],
              },
            },
          },
        });
        const review = passwork.effectiveAccess({ vaultId: layout.vaultId, dependsOn: [layout.shortcutIds] });
        return {
          shortcutIds: layout.shortcutIds,
          recordIds: layout.recordIds,
          envVarNames: layout.envVarNames,
          reach: review.shortcutReach,
          markdown: review.markdown,
        };
      },
    });
  });
  after(async () => {
    await stack?.destroy().catch(() => undefined);
    await stack?.dispose();
    await emu?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates the shortcut and the files; the review says ci-svc reaches production/mysql-primary through ci", async () => {
    await stack.up();
    const second = await stack.up(); // the review reads the server after every grant exists
    assert.strictEqual(changeCount(second), 0, JSON.stringify(second.summary));
    const out = second.outputs as Record<string, any>;
    assert.deepStrictEqual(Object.keys(out.shortcutIds), ["ci/mysql-primary"]);
    assert.deepStrictEqual(out.envVarNames.ci, ["mysql_primary"]);
    const admin = new PassworkClient({ host: emu.url, accessToken: emu.adminTokens.accessToken });
    const record = out.recordIds["production/mysql-primary"];
    const sc = await shortcuts.get(admin, out.shortcutIds["ci/mysql-primary"]);
    assert.strictEqual(sc.shortcut.itemId, record);
    const { item } = await files.itemWithKey(admin, record);
    const byName = new Map((item.attachments ?? []).map((a) => [a.name, a.id]));
    assert.deepStrictEqual(
      await files.download(admin, record, byName.get("dump.bin")!),
      Buffer.from([0, 255, 1, 254]),
    );
    assert.strictEqual((await files.download(admin, record, byName.get("ca.pem")!)).toString(), "CERT\n");
    const ci = (
      out.reach as { principalName: string; recordPath: string; viaPath: string; level: string }[]
    ).filter((r) => r.principalName === "service account ci-svc");
    assert.deepStrictEqual(
      ci.map((r) => [r.recordPath, r.viaPath, r.level]),
      [["team/production/mysql-primary", "team/ci", "read"]],
    );
    assert.match(String(out.markdown), /Records reached through shortcuts/);
  });
});
