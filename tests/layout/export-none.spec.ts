/**
 * `pulumi-passwork export --secrets-in-state none`: the declaration of a hand-made vault keeps every
 * value out of the state too — fields become `valueFrom: {keep: true}` references, the declaration
 * says `secretsInState: none`, no value is written, and the provider's fingerprint key record (which
 * a none-mode stack keeps at the vault root) is not exported as content.
 */
import assert from "node:assert/strict";
import * as YAML from "yaml";
import { main } from "../../sdk/cli";
import { parseLayoutSpec } from "../../sdk/layout/parse";
import { planLayout } from "../../sdk/layout/plan";
import { passwordArgs } from "../../sdk/layout/component";
import { FINGERPRINT_KEY_RECORD } from "../../provider/resources/fingerprint";
import { as, start } from "../emulator/helpers";
import type { RunningEmulator } from "../../emulator/server";
import { HANDMADE_SECRETS, makeHandmadeVault } from "./handmade";

describe("pulumi-passwork export --secrets-in-state none", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emu = await start();
    const made = await makeHandmadeVault(emu);
    // What a none-mode stack leaves at the vault root: the fingerprint key.
    const api = as(emu, emu.adminTokens.accessToken);
    const key = await api.post("/api/v1/items", {
      vaultId: made.vaultId,
      name: FINGERPRINT_KEY_RECORD,
      passwordEncrypted: Buffer.from("k".repeat(43)).toString("base64"),
    });
    assert.equal(key.status, 200, JSON.stringify(key.body));
    env = { PASSWORK_HOST: emu.url, PASSWORK_TOKEN: emu.adminTokens.accessToken };
  });
  after(async () => emu?.close());

  it("writes valueFrom references, no value, and a declaration that validates", async () => {
    let stdout = "";
    let stderr = "";
    const code = await main(["export", "--vault", "payments", "--secrets-in-state", "none"], {
      env,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    assert.equal(code, 0, stderr);
    for (const s of HANDMADE_SECRETS) assert.ok(!stdout.includes(s) && !stderr.includes(s));
    assert.ok(!stdout.includes(FINGERPRINT_KEY_RECORD), "the key record is not content");
    const spec = parseLayoutSpec(YAML.parse(stdout));
    assert.equal(spec.secretsInState, "none");
    const plan = planLayout(spec);
    const fields = plan.records.flatMap((r) => Object.values(r.customFields));
    assert.ok(fields.length > 0);
    for (const f of fields) assert.deepEqual("valueFrom" in f && f.valueFrom, { keep: true });
    assert.ok(
      plan.records.every((r) => r.secretsInState === "none"),
      "every record inherits the mode",
    );
  });

  it("refuses an unknown mode, naming the option", async () => {
    let stderr = "";
    const code = await main(["export", "--vault", "payments", "--secrets-in-state", "nope"], {
      env,
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    assert.equal(code, 2);
    assert.match(stderr, /--secrets-in-state must be none or encrypted/);
  });

  it("a Layout password given by reference becomes the Record's passwordFrom", () => {
    assert.deepEqual(passwordArgs({ valueFrom: { env: "DB_PASS" } }), { passwordFrom: { env: "DB_PASS" } });
  });
});
