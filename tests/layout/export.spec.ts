/** `pulumi-passwork export` against the emulator: a hand-made vault → a declaration without secrets. */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { main } from "../../sdk/cli";
import { parseLayoutSpec } from "../../sdk/layout/parse";
import { planLayout } from "../../sdk/layout/plan";
import { start } from "../emulator/helpers";
import type { RunningEmulator } from "../../emulator/server";
import { HANDMADE_SECRETS, makeHandmadeVault } from "./handmade";

async function runCli(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("pulumi-passwork export", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  let tmp: string;

  before(async () => {
    emu = await start();
    await makeHandmadeVault(emu);
    env = { PASSWORK_HOST: emu.url, PASSWORK_TOKEN: emu.adminTokens.accessToken };
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "layout-export-"));
  });
  after(async () => {
    await emu?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes a YAML declaration of the vault that validates, with the note at the top and no secret", async () => {
    const out = path.join(tmp, "payments.yaml");
    const r = await runCli(["export", "--vault", "payments", "--out", out], env);
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(out, "utf8");
    assert.match(text, /^# Exported by `pulumi-passwork export`\. Secret values are NOT in this file:/);
    for (const s of [...HANDMADE_SECRETS, emu.adminTokens.accessToken])
      assert.ok(!text.includes(s), "no secret value in the file");
    for (const s of HANDMADE_SECRETS) assert.ok(!r.stderr.includes(s) && !r.stdout.includes(s));
    const spec = parseLayoutSpec(YAML.parse(text));
    const plan = planLayout(spec);
    assert.deepEqual(spec.vault, { name: "payments", type: "company", adopt: true });
    assert.deepEqual(
      plan.folders.map((f) => f.path),
      ["production", "production/billing", "production/databases", "staging", "staging/monitoring"],
    );
    const pg = plan.records.find((x) => x.path === "production/databases/postgres-main")!;
    assert.equal(pg.password, "seed");
    assert.deepEqual(pg.customFields, { PG_HOST: { keep: true, type: "text" } });
    assert.deepEqual(pg.tags, ["db", "production"]);
    assert.equal(pg.login, "postgres");
    const stripe = plan.records.find((x) => x.path === "production/billing/stripe-api")!;
    assert.equal(stripe.password, undefined, "no password on the server: none declared");
    assert.equal(stripe.color, 3);
    assert.deepEqual(plan.vaultAccess, [{ kind: "group", name: "payments-oncall", level: "read" }]);
    assert.deepEqual(plan.folders.find((f) => f.path === "production/billing")!.access, [
      { kind: "serviceAccount", name: "billing-deploy-svc", level: "read" },
    ]);
  });

  it("writes JSON to stdout with the note in $comment, by id", async () => {
    const vaults = (await (
      await fetch(`${emu.url}/api/v1/vaults`, {
        headers: { Authorization: `Bearer ${emu.adminTokens.accessToken}`, "X-Response-Format": "raw" },
      })
    ).json()) as { items: { id: string; name: string }[] };
    const id = vaults.items.find((v) => v.name === "payments")!.id;
    const r = await runCli(["export", "--vault", id, "--format", "json"], env);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.match(json.$comment, /Secret values are NOT in this file/);
    assert.equal(json.vault.name, "payments");
    planLayout(parseLayoutSpec(json));
  });

  it("fails clearly: unknown vault, missing settings, bad usage — without echoing the token", async () => {
    const unknown = await runCli(["export", "--vault", "nope"], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no vault named "nope" is visible to this token; check --vault/);
    const unset = await runCli(["export", "--vault", "payments"], {});
    assert.equal(unset.code, 1);
    assert.match(unset.stderr, /PASSWORK_HOST/);
    assert.match(unset.stderr, /PASSWORK_TOKEN/);
    const usage = await runCli(["export"], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--vault is required/);
    const badFormat = await runCli(["export", "--vault", "payments", "--format", "toml"], env);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be yaml or json/);
    for (const r of [unknown, unset, usage, badFormat])
      assert.ok(!r.stderr.includes(emu.adminTokens.accessToken));
  });

  it("lists naming problems of a hand-made vault in the file and on stderr", async () => {
    const api = {
      Authorization: `Bearer ${emu.adminTokens.accessToken}`,
      "X-Response-Format": "raw",
      "Content-Type": "application/json",
    };
    const vaults = (await (await fetch(`${emu.url}/api/v1/vaults`, { headers: api })).json()) as {
      items: { id: string; name: string }[];
    };
    const vaultId = vaults.items.find((v) => v.name === "payments")!.id;
    const res = await fetch(`${emu.url}/api/v1/items`, {
      method: "POST",
      headers: api,
      body: JSON.stringify({ vaultId, name: "secret1", tags: [] }),
    });
    assert.equal(res.status, 200);
    const r = await runCli(["export", "--vault", "payments"], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /# Fix these before applying \(the Layout refuses them\):\n# {3}layout secret1: "secret1" is a placeholder name/,
    );
    assert.match(r.stderr, /1 naming problem\(s\) to fix/);
  });
});
