/** The Shortcut class and a Layout's shortcuts and attachments, registered against Pulumi's mocks. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";

describe("sdk: Shortcut and Layout shortcuts/attachments", () => {
  const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return {
            id: `${args.name}-id`,
            state: {
              ...args.inputs,
              shortcutId: `${args.name}-id`,
              recordId: `${args.name}-id`,
              folderId: `${args.name}-id`,
              vaultId: args.inputs.vaultId ?? `${args.name}-id`,
            },
          };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });

  it("Shortcut registers as pulumi-nodejs:dynamic/passwork:Shortcut; a Layout wires shortcuts to its records and exports shortcutIds", async () => {
    const sdk = await import("../../../sdk");
    new sdk.Shortcut("sc", { recordId: "0123456789abcdef01234567", vaultId: "76543210fedcba9876543210" });
    const layout = new sdk.Layout("infra", {
      spec: {
        vault: { name: "infra" },
        folders: {
          production: {
            records: [{ name: "mysql-primary", password: "seed", attachments: { "ca.pem": "CERT" } }],
          },
          ci: { shortcuts: ["production/mysql-primary"] },
        },
      },
    });
    const shortcutIds = await new Promise<Record<string, string>>((resolve) =>
      layout.shortcutIds.apply(resolve),
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(registered.find((x) => x.name === "sc")!.type, "pulumi-nodejs:dynamic/passwork:Shortcut");
    const sc = registered.find((x) => x.name === "infra/shortcut/ci/mysql-primary")!;
    assert.equal(sc.type, "pulumi-nodejs:dynamic/passwork:Shortcut");
    assert.equal(sc.inputs.recordId, "infra/record/production/mysql-primary-id");
    assert.equal(sc.inputs.folderId, "infra/folder/ci-id");
    assert.deepEqual(shortcutIds, { "ci/mysql-primary": "infra/shortcut/ci/mysql-primary-id" });
    const record = registered.find((x) => x.name === "infra/record/production/mysql-primary")!;
    // A secret on the wire (Pulumi's secret signature), holding the file content.
    assert.equal(
      record.inputs.attachments["4dabf18193072939515e22adb298388d"],
      "1b47061264138c4ac30d75fd1eb44270",
    );
    assert.deepEqual(record.inputs.attachments.value, { "ca.pem": "CERT" });
  });
});
