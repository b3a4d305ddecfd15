/**
 * Layout in secretsInState none: a record's references reach the Record as references (passwordFrom,
 * valueFrom), `keep` fields are kept by the provider (`valueFrom: {keep: true}`) instead of being read
 * into the program, and the declaration's mode reaches every record unless a record says otherwise.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Layout } from "../../../sdk/layout/component";

describe("Layout with secretsInState none", () => {
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
      true,
    );
  });

  it("passes references through and keeps `keep` fields on the provider side", async () => {
    new Layout("infra", {
      spec: {
        vault: { name: "infrastructure" },
        secretsInState: "none",
        folders: {
          db: {
            records: [
              {
                name: "mysql",
                password: { valueFrom: { env: "MYSQL_PASS" } },
                customFields: {
                  HOST: { value: "db.internal", type: "text" },
                  ROOT: { valueFrom: { file: "./root.pass" }, type: "password" },
                  LEGACY: { keep: true, type: "password" },
                },
              },
              { name: "cache", password: "generate", secretsInState: "encrypted" },
            ],
          },
        },
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    const mysql = registered.find((r) => r.name === "infra/record/db/mysql")!.inputs;
    assert.deepEqual(mysql.passwordFrom, { env: "MYSQL_PASS" });
    assert.equal(mysql.password, undefined);
    assert.equal(mysql.secretsInState, "none");
    assert.deepEqual(mysql.customFields, {
      HOST: { value: "db.internal", type: "text" },
      ROOT: { valueFrom: { file: "./root.pass" }, type: "password" },
      LEGACY: { valueFrom: { keep: true }, type: "password" },
    });
    const cache = registered.find((r) => r.name === "infra/record/db/cache")!.inputs;
    assert.equal(cache.secretsInState, "encrypted", "a record's own mode wins");
  });
});
