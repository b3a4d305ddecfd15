/**
 * The contract the stored provider relies on (sdk/shim.ts, provider/entry.ts), pinned against the real
 * dynamic-provider host of @pulumi/pulumi (cmd/dynamic-provider) over gRPC: `__provider` only has to be
 * the text of a CommonJS module whose `handler()` returns the provider; the host then calls its
 * `configure` with the stack config, and its resource methods.
 *
 * And what every state ever written needs: texts of 0.1.0 and earlier (closure-serialized shims,
 * ./legacy-shim) keep working in the same process beside the new ones, and a resource whose stored
 * text is the old one diffs as unchanged against the new one.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { storedProviderText, type ResourceKind } from "../../sdk/shim";
import { TYPE_NAMES } from "../../sdk/base";
import { GrpcProviderHost, REPO_ROOT, serializeProvider } from "./grpc-harness";
import { startFixture, type ProviderFixture } from "./fixture";

const KINDS = Object.keys(TYPE_NAMES) as ResourceKind[];

/** A directory that resolves pulumi-passwork and @pulumi/pulumi by name only (another checkout's view). */
function elsewhereDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pw-stored-provider-"));
  fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "pulumi-passwork"));
  fs.symlinkSync(
    path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"),
    path.join(dir, "node_modules/@pulumi/pulumi"),
  );
  return dir;
}

describe("stored provider (__provider): the host contract", function () {
  this.timeout(60_000);
  let fx: ProviderFixture;
  let elsewhere: string;
  let host: GrpcProviderHost;
  let legacy: Record<ResourceKind, string>;

  before(async () => {
    if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/entry.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    fx = await startFixture();
    elsewhere = elsewhereDir();
    const shim = require("./legacy-shim");
    legacy = {} as Record<ResourceKind, string>;
    for (const kind of KINDS) legacy[kind] = await serializeProvider(shim.shimFor(kind));
    // No PASSWORK_* variable reaches the host: settings come only through configure(stack config).
    host = await GrpcProviderHost.start({ cwd: elsewhere, project: "elsewhere" });
    await host.configure({
      "passwork:host": fx.emu.url,
      "passwork:accessToken": fx.emu.adminTokens.accessToken,
    });
  });
  after(async () => {
    await host?.close();
    await fx?.close();
    if (elsewhere) fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it("is a one-line module naming the package entry and the kind: no code, no credential, no path", () => {
    for (const kind of KINDS) {
      const text = storedProviderText(kind);
      assert.equal(text, `module.exports=require("pulumi-passwork/dist/provider/entry")("${kind}")`);
      for (const f of [fx.emu.adminTokens.accessToken, fx.emu.url, REPO_ROOT, os.homedir(), os.tmpdir()])
        assert.ok(!text.includes(f), `${kind}: contains ${f}`);
      assert.ok(Buffer.byteLength(text) <= 90, `${kind}: ${Buffer.byteLength(text)} bytes`);
      // What the closure serializer stored for the same kind before: ~20× more, twice per resource.
      assert.ok(Buffer.byteLength(legacy[kind]) > 10 * Buffer.byteLength(text), kind);
    }
  });

  it("every kind's text loads in a host started elsewhere and reaches that kind's check", async () => {
    for (const kind of KINDS) {
      const urn = host.urn(TYPE_NAMES[kind], `${kind}-contract`);
      const { failures } = await host.check(urn, {}, { __provider: storedProviderText(kind) });
      assert.ok(failures.length > 0, `${kind}: an empty resource fails our check`);
      for (const f of failures) assert.ok(f.reason.length > 0, `${kind}: ${f.property} has a reason`);
    }
  });

  it("configure gets the stack config, and create, read, diff, update and delete go to the implementation", async () => {
    await fx.clearRequests();
    const text = storedProviderText("vault");
    const urn = host.urn("Vault", "v");
    const checked = await host.check(urn, {}, { name: "stored-text", __provider: text });
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.__provider, text, "the host keeps our text in the checked inputs");
    const created = await host.create(urn, checked.inputs);
    assert.equal(created.outs.__provider, text, "and stores it back in the outputs");
    const fUrn = host.urn("Folder", "f");
    const fText = storedProviderText("folder");
    const f = await host.create(fUrn, { name: "app", vaultId: created.id, __provider: fText });
    assert.equal((await host.read(fUrn, f.id, f.outs)).id, f.id);
    const renamed = { ...f.outs, name: "app2" };
    assert.deepEqual((await host.diff(fUrn, f.id, f.outs, renamed)).changes, "some");
    const updated = await host.update(fUrn, f.id, f.outs, renamed);
    assert.equal(updated.name, "app2");
    await host.delete(fUrn, f.id, updated);
    await host.delete(urn, created.id, created.outs);
    assert.equal((await host.read(urn, created.id, created.outs)).id, "", "the vault is gone");
    const writes = (await fx.apiRequests()).filter((r) => r.method !== "GET" && r.path !== "/api/v1/batch");
    assert.deepEqual(
      writes.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{24}/g, ":id")}`),
      [
        "POST /api/v1/vaults",
        "POST /api/v1/folders",
        "POST /api/v1/folders/:id", // the rename
        "DELETE /api/v1/folders/:id",
        "DELETE /api/v1/vaults/:id",
      ],
      "each call reached the server once, with the configured settings",
    );
  });

  it("a text naming a kind this version lacks fails with a message saying so", async () => {
    const text = `module.exports=require("pulumi-passwork/dist/provider/entry")("widget")`;
    await assert.rejects(host.check(host.urn("Widget", "w"), {}, { __provider: text }), (e: Error) => {
      assert.match(e.message, /resource kind "widget", which this version of pulumi-passwork does not have/);
      return true;
    });
  });

  it("texts of 0.1.0 and earlier work beside the new ones: old state is read, diffed as unchanged, deleted", async () => {
    for (const kind of KINDS) {
      const urn = host.urn(TYPE_NAMES[kind], `${kind}-legacy`);
      const { failures } = await host.check(urn, {}, { __provider: legacy[kind] });
      assert.ok(failures.length > 0, `${kind}: the old text reaches our check`);
    }
    const urn = host.urn("Vault", "old");
    const made = await host.create(urn, { name: "made-by-0.1", __provider: legacy.vault });
    assert.equal(made.outs.__provider, legacy.vault);
    const news = (
      await host.check(urn, made.outs, { name: "made-by-0.1", __provider: storedProviderText("vault") })
    ).inputs;
    // The engine diffs the old outputs (old text) against the new inputs (new text): no change.
    assert.equal((await host.diff(urn, made.id, made.outs, news)).changes, "none");
    // Refresh keeps the stored text: the host copies the old outputs' __provider into the result.
    const read = await host.read(urn, made.id, made.outs);
    assert.equal(read.props.__provider, legacy.vault);
    await host.delete(urn, made.id, read.props);
    assert.equal((await host.read(urn, made.id, made.outs)).id, "");
  });
});

describe("stored provider: what the sdk classes register", () => {
  const registered: { type: string; inputs: Record<string, unknown> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
    );
  });

  it("each class stores its kind's text under __provider, with its type token", async () => {
    const sdk = await import("../../sdk");
    new sdk.Vault("v", { name: "ops" });
    new sdk.Record("r", { name: "DB", vaultId: "0123456789abcdef01234567", password: "p" });
    new sdk.Group("g", { name: "devs" });
    await new Promise((r) => setTimeout(r, 50));
    const byType = Object.fromEntries(registered.map((x) => [x.type, x.inputs.__provider]));
    assert.deepEqual(byType, {
      "pulumi-nodejs:dynamic/passwork:Vault": storedProviderText("vault"),
      "pulumi-nodejs:dynamic/passwork:Record": storedProviderText("record"),
      "pulumi-nodejs:dynamic/passwork:Group": storedProviderText("group"),
    });
  });
});
