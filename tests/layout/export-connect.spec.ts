/** `pulumi-passwork export` keeps a user connected without access (`connect`) as a Layout access entry. */
import assert from "node:assert/strict";
import { main } from "../../sdk/cli";
import { parseLayoutSpec } from "../../sdk/layout/parse";
import { planLayout } from "../../sdk/layout/plan";
import { as, makeVault, start } from "../emulator/helpers";
import type { RunningEmulator } from "../../emulator/server";

describe("pulumi-passwork export: connect (Connect without access)", function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  after(async () => emu?.close());

  it("exports the connect grant, and the export plans as a Layout again", async () => {
    emu = await start();
    const admin = as(emu, emu.adminTokens.accessToken);
    const vault = await makeVault(admin, "ops");
    const folder = (await admin.post("/api/v1/folders", { name: "production", vaultId: vault })).body.id;
    const alice = await emu.seedUser({ login: "alice" });
    const r = await admin.post(`/api/v1/folders/${folder}/access`, {
      principalType: "user",
      principalId: alice.id,
      access: "connect",
    });
    assert.equal(r.status, 200);
    let stdout = "";
    let stderr = "";
    const code = await main(["export", "--vault", "ops", "--format", "json"], {
      env: { PASSWORK_HOST: emu.url, PASSWORK_TOKEN: emu.adminTokens.accessToken },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    assert.equal(code, 0, stderr);
    const plan = planLayout(parseLayoutSpec(JSON.parse(stdout)));
    assert.deepEqual(plan.folders.find((f) => f.path === "production")!.access, [
      { kind: "user", name: "alice", level: "connect" },
    ]);
  });
});
