import { strict as assert } from "node:assert";
import { grpcDriver, type Driver } from "./drivers";
import { startFixture, type ProviderFixture } from "./fixture";
import { lifecycleSuite } from "./lifecycle";

const statusProto = require("@pulumi/pulumi/proto/status_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");

describe("providers through the real dynamic-provider host over gRPC", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let driver: Awaited<ReturnType<typeof grpcDriver>>;
  before(async () => {
    fx = await startFixture();
    driver = await grpcDriver({
      "passwork:host": fx.emu.url,
      "passwork:accessToken": fx.emu.adminTokens.accessToken,
      "harness:unrelated": "x",
    });
  });
  after(async () => {
    await driver?.close();
    await fx?.close();
  });
  lifecycleSuite(
    () => driver as Driver,
    () => fx,
  );

  it("a create that fails after the POST reports the id so the engine records the resource", async () => {
    const v = await driver.create("vault", (await driver.check("vault", {}, { name: "partial" })).inputs);
    // A folder this provider process has never seen: after the POST the record's create reads the
    // folder's path, and that read is made to fail.
    const folder = await fx.raw("POST", "/folders", { name: "made-by-hand", vaultId: v.id });
    await fx.fault({ method: "GET", path: "/api/v1/folders/*", kind: "status", status: 403, count: 1 });
    const inputs = (
      await driver.check("record", {}, { name: "HALF", vaultId: v.id, folderId: folder.id, password: "p" })
    ).inputs;
    const err = await driver.create("record", inputs).then(
      () => assert.fail("create should fail"),
      (e: any) => e,
    );
    const bin = err.metadata.get("grpc-status-details-bin")[0];
    assert.ok(bin, `expected ErrorResourceInitFailed details, got: ${err.message}`);
    const status = statusProto.Status.deserializeBinary(bin);
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(status.getDetailsList()[0].getValue());
    assert.match(detail.getId(), /^[0-9a-f]{24}$/);
    // The engine shows only `reasons` (the status message is replaced by them) and keeps them as the
    // resource's init errors, so the next `up` runs update to finish the job.
    assert.deepEqual(detail.getReasonsList(), [err.details]);
    assert.match(err.details, /record "HALF" was created \([0-9a-f]{24}\) but could not be read back/);
    assert.equal(detail.getProperties().toJavaScript().name, "HALF", "with the record's properties");
    const listed = (await fx.raw("GET", `/items?vaultId=${v.id}`)).items;
    assert.deepEqual(
      listed.map((i: any) => i.id),
      [detail.getId()],
      "the recorded id is the item that exists",
    );
  });

  it("a 403 on read is an error, never 'gone'", async () => {
    const v = await driver.create(
      "vault",
      (await driver.check("vault", {}, { name: "forbidden read" })).inputs,
    );
    await fx.fault({ method: "GET", path: `/api/v1/vaults/${v.id}`, kind: "status", status: 403, count: 1 });
    await assert.rejects(driver.read("vault", v.id, v.outs));
  });

  it("a missing setting fails with a message naming what to set and no secret", async () => {
    const { GrpcProviderHost } = await import("./grpc-harness");
    const host = await GrpcProviderHost.start({ env: { PASSWORK_TOKEN: "" } });
    try {
      await host.configure({ "passwork:accessToken": "TOPSECRET-token-value" });
      const err = await host
        .create(host.urn("Vault", "v"), { name: "x", __provider: driver.texts.vault })
        .then(
          () => assert.fail("expected an error"),
          (e: any) => e,
        );
      assert.match(err.details, /pulumi config set passwork:host/);
      assert.match(err.details, /PASSWORK_HOST/);
      assert.ok(!err.details.includes("TOPSECRET"), err.details);
      assert.ok(!host.output.includes("TOPSECRET"), "nothing printed holds the token");
    } finally {
      await host.close();
    }
  });
});
