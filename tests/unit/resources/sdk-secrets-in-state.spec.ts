import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { refuseSecretOutputs } from "../../../sdk/record";

/** The resolved value of an Output (or its error), outside an engine. */
function settle<T>(o: pulumi.Output<T>): Promise<T> {
  return (o as unknown as { promise(): Promise<T> }).promise();
}

describe("sdk Record in secretsInState none", () => {
  it("passes plain custom fields through unchanged and not secret", async () => {
    const fields = { HOST: { value: "db.internal" }, ROOT: { type: "password", valueFrom: { env: "X" } } };
    const out = refuseSecretOutputs("db", fields)!;
    assert.deepEqual(await settle(out), fields);
    assert.equal(await pulumi.isSecret(out), false);
  });

  it("refuses a secret Output among the fields, naming the record and valueFrom, not the value", async () => {
    const out = refuseSecretOutputs("db", { HOST: { value: pulumi.secret("very-secret-host-value") } })!;
    await assert.rejects(settle(out), (err: Error) => {
      assert.match(
        err.message,
        /Record "db": customFields holds a secret Output.*valueFrom: \{ env: "NAME" \}/,
      );
      assert.ok(!err.message.includes("very-secret-host-value"));
      return true;
    });
  });
});
