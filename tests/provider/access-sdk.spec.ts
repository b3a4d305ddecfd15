import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";

describe("sdk: access classes (type tokens, serialized shim)", () => {
  const seen: { type: string; name: string; inputs: any }[] = [];
  before(() => {
    pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          seen.push({ type: a.type, name: a.name, inputs: a.inputs });
          return { id: `${a.name}-id`, state: a.inputs };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });

  it("registers every class under pulumi-nodejs:dynamic/passwork:<Class>", async () => {
    const sdk = await import("../../sdk");
    const sa = new sdk.ServiceAccount("sa", { login: "deploy-prod-svc" });
    const g = new sdk.Group("g", { name: "platform" });
    new sdk.VaultAccess("va", {
      vaultId: "a".repeat(24),
      principal: { serviceAccountId: sa.id },
      level: "read",
    });
    new sdk.FolderAccess("fa", { folderId: "b".repeat(24), principal: { groupId: g.id }, level: "full" });
    new sdk.AccessPolicy("ap", {
      folderId: "c".repeat(24),
      grants: [{ principal: { groupId: g.id }, level: "edit" }],
    });
    await new Promise((r) => setTimeout(r, 200));
    const types = Object.fromEntries(seen.map((s) => [s.name, s.type]));
    assert.deepEqual(types, {
      sa: "pulumi-nodejs:dynamic/passwork:ServiceAccount",
      g: "pulumi-nodejs:dynamic/passwork:Group",
      va: "pulumi-nodejs:dynamic/passwork:VaultAccess",
      fa: "pulumi-nodejs:dynamic/passwork:FolderAccess",
      ap: "pulumi-nodejs:dynamic/passwork:AccessPolicy",
    });
  });

  it("the serialized provider loads the implementation by package name and holds no path", async () => {
    const { vaultAccessProvider } = await import("./legacy-shim");
    const text = (await pulumi.runtime.serializeFunction(() => vaultAccessProvider, { allowSecrets: true }))
      .text;
    assert.ok(text.includes('require("pulumi-passwork/dist/provider/resources/" + kind)'), text);
    assert.ok(
      text.includes('require("pulumi-passwork/dist/provider/configure")'),
      "configure reaches every settings module",
    );
    assert.ok(!text.includes(process.cwd()), "no absolute path of this checkout");
  });
});
