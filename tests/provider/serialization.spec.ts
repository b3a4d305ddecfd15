/**
 * The `__provider` text stored in every resource's state: no credential, no absolute path of this
 * machine, and it loads and works in a fresh provider process started from another directory.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GrpcProviderHost, REPO_ROOT, serializeProvider } from "./grpc-harness";
import { startFixture, type ProviderFixture } from "./fixture";

const KINDS = {
  vault: "vaultProvider",
  folder: "folderProvider",
  record: "recordProvider",
  "record-tag": "recordTagProvider",
  shortcut: "shortcutProvider",
} as const;

describe("serialized provider (__provider)", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let texts: Record<string, string>;
  let elsewhere: string;

  before(async () => {
    if (!fs.existsSync(path.join(REPO_ROOT, "dist/sdk/shim.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    fx = await startFixture({ extraSettings: { masterKey: "MASTERKEY-should-never-be-serialized" } });
    process.env.PASSWORK_TOKEN = fx.emu.adminTokens.accessToken; // present in the serializing process
    // The compiled shim, as a program using the package would load it.
    const shim = require(path.join(REPO_ROOT, "dist/sdk/shim.js"));
    texts = {};
    for (const [kind, exportName] of Object.entries(KINDS))
      texts[kind] = await serializeProvider(shim[exportName]);
    // "Another checkout / another directory": a temp dir that resolves the package by name only.
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pw-elsewhere-"));
    fs.mkdirSync(path.join(elsewhere, "node_modules", "@pulumi"), { recursive: true });
    fs.symlinkSync(REPO_ROOT, path.join(elsewhere, "node_modules", "pulumi-passwork"));
    fs.symlinkSync(
      path.join(REPO_ROOT, "node_modules/@pulumi/pulumi"),
      path.join(elsewhere, "node_modules/@pulumi/pulumi"),
    );
  });
  after(async () => {
    delete process.env.PASSWORK_TOKEN;
    await fx?.close();
    if (elsewhere) fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  it("holds no credential, no absolute path, and loads the implementation by package name at call time", () => {
    const forbidden = [
      fx.emu.adminTokens.accessToken,
      fx.emu.adminTokens.refreshToken,
      "MASTERKEY",
      fx.emu.url,
      REPO_ROOT,
      os.homedir(),
      os.tmpdir(),
      "/work/",
    ];
    for (const [kind, text] of Object.entries(texts)) {
      for (const f of forbidden) assert.ok(!text.includes(f), `${kind}: serialized text contains ${f}`);
      assert.match(text, /require\("pulumi-passwork\/dist\/provider\/resources\/" \+ kind\)/, kind);
      assert.match(text, /require\("pulumi-passwork\/dist\/provider\/configure"\)\.configure\(req\)/, kind);
      assert.ok(text.includes(`kind: "${kind}"`), `${kind}: the only captured value is the kind`);
      // No copy of our code: no zod, no client, no schema in the text.
      for (const leaked of ["zod", "PassworkClient", "strictObject", "undici"])
        assert.ok(!text.includes(leaked), `${kind}: contains ${leaked}`);
      // Stored twice in every resource's state and rewritten at every step: keep it small.
      assert.ok(text.length < 2600, `${kind}: ${text.length} characters`);
    }
  });

  it("loads and works in a fresh provider process started from another directory", async () => {
    const host = await GrpcProviderHost.start({ cwd: elsewhere, project: "elsewhere" });
    try {
      await host.configure({
        "passwork:host": fx.emu.url,
        "passwork:accessToken": fx.emu.adminTokens.accessToken,
      });
      const urn = host.urn("Vault", "v");
      const checked = await host.check(urn, {}, { name: "made elsewhere", __provider: texts.vault! });
      assert.deepEqual(checked.failures, []);
      const created = await host.create(urn, checked.inputs);
      assert.equal(created.outs.__provider, texts.vault, "the engine stores the same text back");
      const f = await host.create(host.urn("Folder", "f"), {
        name: "sub",
        vaultId: created.id,
        __provider: texts.folder!,
      });
      const read = await host.read(host.urn("Folder", "f"), f.id, f.outs);
      assert.equal(read.id, f.id);
      await host.delete(host.urn("Folder", "f"), f.id, f.outs);
      await host.delete(urn, created.id, created.outs);
      assert.equal((await host.read(urn, created.id, created.outs)).id, "");
    } finally {
      await host.close();
    }
  });
});
