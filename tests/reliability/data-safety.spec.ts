// Data safety through the real engine: a seed-mode password edited by a human is never overwritten;
// `protect` blocks destroy; `retainOnDelete` leaves the record on the server; a folder/vault holding
// content the stack does not manage is not deleted unless forceDestroy; deletes land in the bin and can
// be restored. Secret scan at the end.
import * as assert from "assert";
import * as passwork from "pulumi-passwork";
import { changeCount, EngineStack, openEngineStack } from "../engine/harness";
import { RestartableEmulator, secretHits, secretValuesInState, startRestartableEmulator } from "./helpers";

describe("reliability: data safety (real engine)", function () {
  this.timeout(300_000);
  let emu: RestartableEmulator;
  let stack: EngineStack;
  const opts = { protect: true, forceDestroy: false };
  let ids: Record<string, string> = {};
  const HUMAN_PASSWORD = "changed-by-a-human-Kq92nX";

  before(async () => {
    emu = await startRestartableEmulator();
    stack = await openEngineStack({
      projectName: "data-safety",
      program: async () => {
        const force = opts.forceDestroy ? { forceDestroy: true } : {};
        const vault = new passwork.Vault("vault", { name: "safety", vaultType: "company", ...force });
        const folder = new passwork.Folder("app", { name: "app", vaultId: vault.id, ...force });
        const seeded = new passwork.Record("seeded", {
          name: "seeded",
          vaultId: vault.id,
          folderId: folder.id,
          passwordMode: "seed",
          generatePassword: { length: 24 },
        });
        const retained = new passwork.Record(
          "retained",
          { name: "retained", vaultId: vault.id, folderId: folder.id, login: "keep" },
          { retainOnDelete: true },
        );
        const guarded = new passwork.Record(
          "guarded",
          { name: "guarded", vaultId: vault.id, folderId: folder.id, login: "guard" },
          { protect: opts.protect },
        );
        return {
          vault: vault.id,
          folder: folder.id,
          seeded: seeded.id,
          retained: retained.id,
          guarded: guarded.id,
        };
      },
      config: {
        "passwork:host": { value: emu.url },
        "passwork:accessToken": { value: emu.providerTokens.accessToken, secret: true },
      },
    });
    ids = (await stack.up()).outputs as Record<string, string>;
  });
  after(async () => {
    await stack?.dispose();
    await emu?.close();
  });

  it("a seed-mode password a human changed is never overwritten and shows no drift", async () => {
    await emu.api.patch(`/items/${ids.seeded}`, {
      vaultId: ids.vault,
      passwordEncrypted: Buffer.from(HUMAN_PASSWORD).toString("base64"),
    });
    const before = await emu.api.get(`/items/${ids.seeded}`);
    await stack.refresh();
    const run = await stack.up();
    assert.strictEqual(changeCount(run), 0, JSON.stringify(run.summary));
    const after = await emu.api.get(`/items/${ids.seeded}`);
    assert.strictEqual(
      after.passwordEncrypted ?? after.password,
      before.passwordEncrypted ?? before.password,
      "the human's password is still there",
    );
  });

  it("protect: destroy fails on the protected record, which stays; retainOnDelete leaves its record on the server", async () => {
    await emu.api.post("/items", {
      vaultId: ids.vault,
      folderId: ids.folder,
      name: "hand-made",
      login: "someone",
    });
    await assert.rejects(stack.destroy(), /protect/i);
    await emu.api.get(`/items/${ids.guarded}`);
    await emu.api.get(`/items/${ids.retained}`);
    await emu.api.get(`/folders/${ids.folder}`);
  });

  it("a folder and vault with unmanaged content are not deleted without forceDestroy; retainOnDelete leaves its record", async () => {
    opts.protect = false;
    await stack.up();
    await assert.rejects(stack.destroy(), (err: Error) =>
      /folder "app".*still holds .*"hand-made".*forceDestroy: true/s.test(err.message),
    );
    await emu.api.get(`/folders/${ids.folder}`);
    await emu.api.get(`/items/${ids.retained}`); // retained: out of the state, still on the server
    const listed = await emu.api.get(`/items?vaultId=${ids.vault}`);
    assert.ok(
      listed.items.some((i: any) => i.name === "hand-made"),
      "the unmanaged record is untouched",
    );
  });

  it("with forceDestroy the folder and vault go to the bin, and restoring the vault brings everything back", async () => {
    opts.forceDestroy = true;
    await stack.up();
    needles.push(...secretValuesInState(await stack.exportStateWithSecrets()));
    await stack.destroy();
    await assert.rejects(emu.api.get(`/vaults/${ids.vault}`), /HTTP 404/);
    const bin = await emu.api.get(`/bin?vaultId=${ids.vault}`);
    const entry = (bin.items ?? []).find(
      (e: any) =>
        e.objectId === ids.vault || e.id === ids.vault || e.name === "safety" || e.vaultId === ids.vault,
    );
    assert.ok(entry, `the vault is in the bin: ${JSON.stringify(bin).slice(0, 400)}`);
    await emu.api.post(`/bin/${entry.id}/restore`, {});
    // The folder went to the bin before the vault (its own entry, with its records): restore it too.
    for (const e of (await emu.api.get(`/bin?vaultId=${ids.vault}`)).items ?? [])
      await emu.api.post(`/bin/${e.id}/restore`, {});
    const restored = await emu.api.get(`/items?vaultId=${ids.vault}`);
    assert.ok(
      restored.items.some((i: any) => i.name === "hand-made"),
      "the unmanaged record is back",
    );
    assert.deepStrictEqual(await secretHits(stack, [HUMAN_PASSWORD, ...needles, ...emu.tokens]), []);
  });

  const needles: string[] = [];
});
