// What a no-change `pulumi up` asks of Passwork, counted in the emulator's request log: the figures of
// README's "Large stacks" paragraph. Nothing is written; what reads, and how often, is pinned here:
// - a Folder with parentFolderId: its check reads the parent (1 GET /folders/:id each);
// - AccessPolicy: its check lists the directory's grants to show willRemove/drift at preview
//   (GET the folder + one /batch per policy; once per run the caller, the groups and each user granted);
// - the Layout component: its inventory of the vault for `unmanaged` (GET /vaults, /folders, /items);
// - effectiveAccess(...): a lookup that reads the vault, its folders and grants, users and groups.
// Vaults, records, tags, service accounts, groups and single grants (VaultAccess/FolderAccess) send
// nothing.
import * as assert from "assert";
import * as passwork from "pulumi-passwork";
import { EngineStack, changeCount, openEngineStack } from "./harness";
import { example } from "./examples";
import { InfraFixture, infraProject, infrastructure, startInfraFixture } from "./fixtures";

interface LoggedRequest {
  method: string;
  route: string;
}

/** Requests the emulator served since the last call, as "METHOD route" → count (control calls left out). */
async function takeRequests(fx: InfraFixture): Promise<Record<string, number>> {
  const raw = { headers: { "x-response-format": "raw" } };
  const response = await fetch(new URL("/_emulator/requests", fx.emulator.url), raw);
  const body = (await response.json()) as { items: LoggedRequest[] };
  await fetch(new URL("/_emulator/requests", fx.emulator.url), { method: "DELETE", ...raw });
  const counts: Record<string, number> = {};
  for (const r of body.items) {
    if (r.route.startsWith("/_emulator/")) continue;
    const key = `${r.method} ${r.route}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * up, then a second up with the request log cleared in between: what the second one asked. The stack
 * is destroyed afterwards (the examples declare the same service accounts, so one at a time).
 */
async function noChangeRequests(fx: InfraFixture, stack: EngineStack): Promise<Record<string, number>> {
  await stack.up();
  await takeRequests(fx);
  const second = await stack.up();
  assert.strictEqual(changeCount(second), 0, JSON.stringify(second.summary));
  const requests = await takeRequests(fx);
  await stack.destroy();
  return requests;
}

describe("engine: requests of a no-change up", function () {
  this.timeout(300_000);
  let fx: InfraFixture;
  const stacks: EngineStack[] = [];
  before(async () => {
    fx = await startInfraFixture();
  });
  after(async () => {
    for (const s of stacks) await s.dispose();
    await fx?.close();
  });

  it("plain resources: only the nested folder reads (its parent)", async () => {
    const stack = await openEngineStack({
      projectName: "no-change-plain",
      stackName: "plain",
      config: fx.config,
      program: async () => {
        const vault = new passwork.Vault("plain-vault", { name: "plain-vault" });
        const parent = new passwork.Folder("plain-parent", { name: "parent", vaultId: vault.id });
        const child = new passwork.Folder("plain-child", {
          name: "child",
          vaultId: vault.id,
          parentFolderId: parent.id,
        });
        new passwork.Record("plain-record", {
          name: "db",
          vaultId: vault.id,
          folderId: child.id,
          generatePassword: { length: 20 },
          tags: ["db"],
        });
        const account = new passwork.ServiceAccount("plain-reader", { login: "plain-reader" });
        new passwork.Group("plain-team", { name: "plain-team" });
        new passwork.FolderAccess("plain-grant", {
          folderId: parent.id,
          principal: { serviceAccountId: account.id },
          level: "read",
        });
        return {};
      },
    });
    stacks.push(stack);
    assert.deepStrictEqual(await noChangeRequests(fx, stack), { "GET /api/v1/folders/:id": 1 });
  });

  it("two AccessPolicy resources: 2 requests each, 3 per run", async () => {
    const stack = await openEngineStack({
      projectName: "no-change-policy",
      stackName: "policy",
      config: fx.config,
      program: async () => {
        const vault = new passwork.Vault("policy-vault", { name: "policy-vault" });
        const folder = new passwork.Folder("policy-folder", { name: "policy-folder", vaultId: vault.id });
        const account = new passwork.ServiceAccount("policy-reader", { login: "policy-reader" });
        new passwork.AccessPolicy("policy", {
          folderId: folder.id,
          grants: [{ principal: { serviceAccountId: account.id }, level: "read" }],
        });
        const second = new passwork.Folder("policy-folder-2", { name: "policy-folder-2", vaultId: vault.id });
        new passwork.AccessPolicy("policy-2", {
          folderId: second.id,
          grants: [{ principal: { serviceAccountId: account.id }, level: "edit" }],
        });
        return {};
      },
    });
    stacks.push(stack);
    assert.deepStrictEqual(await noChangeRequests(fx, stack), {
      "GET /api/v1/folders/:id": 2,
      "POST /api/v1/batch": 2,
      "GET /api/v1/users/info": 1,
      "GET /api/v1/user-groups": 1,
      "GET /api/v1/users/:id": 1,
    });
  });

  it("Layout (examples/layout): its inventory of the vault (3) and the 6 nested folders", async () => {
    const layout = example("layout");
    const stack = await openEngineStack({
      projectName: infraProject,
      stackName: "layout",
      config: fx.config,
      mainDir: layout.dir,
      program: layout.program(),
    });
    stacks.push(stack);
    assert.deepStrictEqual(await noChangeRequests(fx, stack), {
      "GET /api/v1/vaults": 1,
      "GET /api/v1/folders": 1,
      "GET /api/v1/items": 1,
      "GET /api/v1/folders/:id": 6,
    });
  });

  it("examples/infrastructure: effectiveAccess(...) (6) and the 6 nested folders", async () => {
    const stack = await openEngineStack({
      projectName: infraProject,
      stackName: "report",
      config: fx.config,
      mainDir: infrastructure.dir,
      program: infrastructure.program(),
    });
    stacks.push(stack);
    assert.deepStrictEqual(await noChangeRequests(fx, stack), {
      "GET /api/v1/folders/:id": 6,
      "GET /api/v1/vaults/:id": 1,
      "GET /api/v1/folders": 1,
      "POST /api/v1/batch": 2,
      "GET /api/v1/users": 1,
      "GET /api/v1/user-groups": 1,
    });
  });
});
