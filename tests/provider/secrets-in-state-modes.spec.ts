/**
 * secretsInState none with the other record modes: client-side encryption (the server holds
 * ciphertext, the state holds fingerprints), adoption that keeps server values by reference
 * (`valueFrom: {keep: true}`, what `export --secrets-in-state none` writes), and seed passwords.
 */
import { strict as assert } from "node:assert";
import { items } from "../../provider/client";
import { providerContext } from "../../provider/config";
import { provider as recordProvider } from "../../provider/resources/record";
import { provider as vaultProvider } from "../../provider/resources/vault";
import { actAsCseAdmin, startFixture, type ProviderFixture } from "./fixture";

const WRITES = new Set(["POST", "PATCH", "PUT", "DELETE"]);

async function make(news: Record<string, unknown>) {
  const c = await recordProvider.check!({}, news);
  assert.deepEqual(c.failures, []);
  return { ...(await recordProvider.create(c.inputs)), inputs: c.inputs };
}

describe("secretsInState none with CSE, adoption and seed", function () {
  this.timeout(30_000);
  const envName = "PW_TEST_MODES_SECRET";
  before(() => {
    process.env[envName] = "modes-secret-value-1";
  });
  after(() => {
    delete process.env[envName];
  });

  describe("client-side encryption", () => {
    let fx: ProviderFixture;
    before(async () => {
      fx = await startFixture({ clientSideEncryption: true, extraSettings: { secretsInState: "none" } });
      await actAsCseAdmin(fx, "cse-none");
    });
    after(async () => fx?.close());

    it("writes ciphertext to the server, fingerprints to the state, and reads back without drift", async () => {
      const vaultId = (await vaultProvider.create!({ name: "cse-none" })).id;
      const r = await make({
        name: "api",
        vaultId,
        generatePassword: {},
        customFields: { TOKEN: { type: "password", valueFrom: { env: envName } } },
      });
      const { client } = providerContext();
      const server = await items.get(client, r.id);
      assert.equal(server.customs[0]!.value, "modes-secret-value-1");
      const wire = await fetch(`${fx.emu.url}/api/v1/items/${r.id}`, {
        headers: { authorization: `Bearer ${fx.settings.accessToken}`, "x-response-format": "raw" },
      }).then((x) => x.json());
      assert.ok(!JSON.stringify(wire).includes("modes-secret-value-1"), "the server holds ciphertext");
      const text = JSON.stringify(r.outs);
      assert.ok(!text.includes(server.password!) && !text.includes("modes-secret-value-1"));
      const read = await recordProvider.read!(r.id, r.outs);
      assert.equal(read.props.drifted, undefined);
      assert.equal((await recordProvider.diff!(r.id, read.props, r.inputs)).changes, false);
    });
  });

  describe("adoption and seed", () => {
    let fx: ProviderFixture;
    let vaultId: string;
    before(async () => {
      fx = await startFixture({ extraSettings: { secretsInState: "none" } });
      vaultId = (await vaultProvider.create!({ name: "adopting" })).id;
    });
    after(async () => fx?.close());

    it("adopts a record keeping its field values by reference: no value in the outputs, none written", async () => {
      const { client } = providerContext();
      const id = await items.create(client, {
        vaultId,
        folderId: null,
        name: "handmade",
        password: "Hand-Made-Pass-1",
        customs: [{ name: "API_KEY", type: "password", value: "Hand-Made-Key-1" }],
      });
      const r = await make({
        name: "handmade",
        vaultId,
        adopt: true,
        passwordMode: "seed",
        generatePassword: {},
        customFields: { API_KEY: { type: "password", valueFrom: { keep: true } } },
      });
      assert.equal(r.id, id);
      const server = await items.get(client, id);
      assert.equal(server.password, "Hand-Made-Pass-1", "a seed password is kept on adoption");
      assert.equal(server.customs[0]!.value, "Hand-Made-Key-1");
      const text = JSON.stringify(r.outs);
      assert.ok(!text.includes("Hand-Made-Pass-1") && !text.includes("Hand-Made-Key-1"));
      assert.deepEqual((r.outs as any).customFields.API_KEY, { type: "password", valueFrom: { keep: true } });

      // People change both values: a seed and a kept field are theirs, so no drift and no write.
      await items.update(client, id, {
        vaultId,
        password: "Changed-By-People-2",
        customs: [{ name: "API_KEY", type: "password", value: "Changed-Key-2" }],
      });
      const read = await recordProvider.read!(id, r.outs);
      assert.equal(read.props.drifted, undefined);
      assert.equal((await recordProvider.diff!(id, read.props, r.inputs)).changes, false);
      // An update for another reason (a description) keeps the people's values.
      const next = (
        await recordProvider.check!(
          {},
          {
            name: "handmade",
            vaultId,
            adopt: true,
            passwordMode: "seed",
            generatePassword: {},
            description: "now managed",
            customFields: { API_KEY: { type: "password", valueFrom: { keep: true } } },
          },
        )
      ).inputs;
      await fx.clearRequests();
      await recordProvider.update!(id, read.props, next as any);
      const writes = (await fx.apiRequests()).filter(
        (q) => WRITES.has(q.method) && q.path !== "/api/v1/batch",
      );
      assert.equal(writes.length, 1);
      const after = await items.get(client, id);
      assert.equal(after.description, "now managed");
      assert.equal(after.password, "Changed-By-People-2");
      assert.equal(after.customs[0]!.value, "Changed-Key-2");
    });

    it("a kept field on a record that does not exist is refused before anything is written", async () => {
      const c = await recordProvider.check!(
        {},
        {
          name: "brand-new",
          vaultId,
          customFields: { K: { type: "password", valueFrom: { keep: true } } },
        },
      );
      await fx.clearRequests();
      await assert.rejects(
        recordProvider.create(c.inputs),
        /customFields\.K\.valueFrom is \{ keep: true \}, but the record does not exist yet/,
      );
      const writes = (await fx.apiRequests()).filter(
        (q) => WRITES.has(q.method) && q.path !== "/api/v1/batch",
      );
      assert.deepEqual(writes, []);
    });
  });
});
