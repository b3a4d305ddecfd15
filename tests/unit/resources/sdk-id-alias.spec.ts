import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("sdk classes: outputs that alias id", () => {
  const registered = new Map<string, Record<string, unknown>>();
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.set(args.name, args.inputs);
          // The provider returns the alias too; the class must not depend on it.
          return { id: `${args.name}-server-id`, state: { ...args.inputs } };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });

  it("resolve to the resource's id and are not registered as properties", async () => {
    const sdk = await import("../../../sdk");
    const vault = new sdk.Vault("alias-v", { name: "ops" });
    const folder = new sdk.Folder("alias-f", { name: "db", vaultId: vault.id });
    const record = new sdk.Record("alias-r", { name: "DB", vaultId: vault.id, password: "p" });
    const group = new sdk.Group("alias-g", { name: "devs" });
    const account = new sdk.ServiceAccount("alias-s", { login: "svc-ci" });
    assert.equal(await valueOf(vault.vaultId), "alias-v-server-id");
    assert.equal(await valueOf(folder.folderId), "alias-f-server-id");
    assert.equal(await valueOf(record.recordId), "alias-r-server-id");
    assert.equal(await valueOf(group.groupId), "alias-g-server-id");
    assert.equal(await valueOf(account.serviceAccountId), "alias-s-server-id");
    // Each declared property costs four captured stack traces in the program process; an alias costs none.
    assert.equal(record.recordId, record.id, "the alias is the id output itself");
    for (const [name, key] of [
      ["alias-v", "vaultId"],
      ["alias-f", "folderId"],
      ["alias-r", "recordId"],
      ["alias-g", "groupId"],
      ["alias-s", "serviceAccountId"],
    ] as const)
      assert.ok(!(key in (registered.get(name) ?? {})), `${name} registers no ${key} input`);
  });

  it("keep the other outputs as declared properties", async () => {
    const sdk = await import("../../../sdk");
    const record = new sdk.Record("alias-r2", { name: "DB2", vaultId: "v", login: "me" });
    assert.equal(await valueOf(record.login), "me");
    assert.ok(pulumi.Output.isInstance(record.path) && pulumi.Output.isInstance(record.envVars));
  });
});
