import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../../../sdk/options";

/** This checkout, wherever it is: the serialized provider must name neither it nor the folder it is in. */
const REPO_ROOT = fs.realpathSync(path.resolve(__dirname, "..", "..", ".."));

describe("sdk classes", () => {
  const registered: { type: string; name: string; inputs: Record<string, any> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });

  it("register with the fixed type tokens pulumi-nodejs:dynamic/passwork:<Type>", async () => {
    const sdk = await import("../../../sdk");
    const v = new sdk.Vault("v", { name: "ops" });
    new sdk.Folder("f", { name: "db", vaultId: v.id });
    new sdk.Record("r", { name: "DB", vaultId: v.id, password: "p" });
    new sdk.RecordTag("t", { recordId: "0123456789abcdef01234567", tag: "prod" });
    await new Promise((r) => setTimeout(r, 50));
    const types = Object.fromEntries(registered.map((x) => [x.name, x.type]));
    assert.deepEqual(types, {
      v: "pulumi-nodejs:dynamic/passwork:Vault",
      f: "pulumi-nodejs:dynamic/passwork:Folder",
      r: "pulumi-nodejs:dynamic/passwork:Record",
      t: "pulumi-nodejs:dynamic/passwork:RecordTag",
    });
    const r = registered.find((x) => x.name === "r")!;
    assert.equal(typeof r.inputs.__provider, "string");
    for (const dir of [REPO_ROOT, path.dirname(REPO_ROOT)].filter((d) => d !== path.parse(d).root))
      assert.ok(!r.inputs.__provider.includes(dir), `no absolute path (${dir}) in __provider`);
    assert.doesNotMatch(r.inputs.__provider, /["'`]\//, "no string literal starting with / in __provider");
  });

  it("merge secret outputs into the user's options without dropping theirs", () => {
    assert.deepEqual(
      withSecretOutputs({ additionalSecretOutputs: ["login"], protect: true }, ["password", "envVars"]),
      {
        additionalSecretOutputs: ["login", "password", "envVars"],
        protect: true,
      },
    );
    assert.deepEqual(withSecretOutputs(undefined, ["password"]).additionalSecretOutputs, ["password"]);
  });
});
