/**
 * What the program process loads. A program that only declares resources needs the sdk and the shim's
 * serialized text, not the provider: nothing under dist/provider/ may be required while it runs,
 * except the configure module the shim names (sdk/shim.ts), should a future Pulumi load it.
 *
 * The program runs in a fresh node process (this mocha process has loaded provider/ for other specs),
 * loads the built package as `import "pulumi-passwork"` would (dist/sdk/index.js), and registers every
 * resource class under Pulumi's runtime mocks in preview mode, each serializing its shim into
 * `__provider` as during a real preview. A Module._load hook lists every module it resolves.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./grpc-harness";

const PROGRAM = String.raw`
const Module = require("module");
const path = require("path");
const loaded = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    loaded.add(Module._resolveFilename(request, parent, isMain));
  } catch {}
  return load.apply(this, arguments);
};
const pulumi = require("@pulumi/pulumi");
const registered = [];
const report = (phase) => {
  const dist = path.join(process.cwd(), "dist") + path.sep;
  const ours = [...loaded, ...Object.keys(require.cache)]
    .filter((f) => f.startsWith(dist))
    .map((f) => path.relative(dist, f).split(path.sep).join("/"));
  return { phase, modules: [...new Set(ours)].sort(), registered: registered.slice() };
};
(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, provider: typeof args.inputs.__provider });
        return { id: args.name + "-id", state: args.inputs };
      },
      call: () => ({}),
    },
    "proj",
    "stack",
    true,
  );
  const passwork = require(path.join(process.cwd(), "dist/sdk/index.js"));
  const vault = new passwork.Vault("v", { name: "ops", vaultType: "company" });
  const folder = new passwork.Folder("f", { name: "db", vaultId: vault.id });
  const record = new passwork.Record("r", {
    name: "DB_PASSWORD",
    vaultId: vault.id,
    folderId: folder.id,
    generatePassword: { length: 24 },
    customFields: { API_KEY: { value: pulumi.secret("k") } },
  });
  new passwork.RecordTag("t", { recordId: record.id, tag: "prod" });
  const group = new passwork.Group("g", { name: "devs" });
  const account = new passwork.ServiceAccount("s", { login: "svc-ci", groups: [group.id] });
  new passwork.VaultAccess("va", { vaultId: vault.id, principal: { groupId: group.id }, level: "read" });
  new passwork.FolderAccess("fa", {
    folderId: folder.id,
    principal: { serviceAccountId: account.id },
    level: "edit",
  });
  new passwork.AccessPolicy("ap", { folderId: folder.id, grants: [{ principal: { groupId: group.id }, level: "full" }] });
  // Registration (and serializing each shim) completes asynchronously.
  for (let i = 0; i < 200 && registered.length < 9; i++) await new Promise((r) => setTimeout(r, 10));
  const declared = report("declared");
  // Control: a lookup is a read, and reads load the client at call time. Without settings it fails
  // before any request, after loading the modules.
  const lookup = await passwork.getVault({ name: "ops" }).then(
    () => "resolved",
    (e) => e.message,
  );
  process.stdout.write(JSON.stringify({ declared, afterLookup: report("after a lookup"), lookup }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
`;

interface Phase {
  phase: string;
  modules: string[];
  registered: { type: string; provider: string }[];
}

/** What the shim itself names (sdk/shim.ts): its configure path may be resolved, nothing else. */
const ALLOWED_FROM_PROVIDER = ["provider/configure.js"];

describe("program process: declaring resources loads nothing from provider/", function () {
  this.timeout(60_000);
  let run: { declared: Phase; afterLookup: Phase; lookup: string };

  before(() => {
    if (!fs.existsSync(path.join(REPO_ROOT, "dist/sdk/index.js")))
      throw new Error("dist/ is missing: run `npm run build` first");
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith("PASSWORK_")) delete env[key];
    const out = execFileSync(process.execPath, ["-e", PROGRAM], {
      cwd: REPO_ROOT,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"], // Pulumi's closure serializer loads deprecated builtins (warnings)
    });
    run = JSON.parse(out);
  });

  it("registers all nine classes, each with its serialized shim", () => {
    assert.equal(run.declared.registered.length, 9);
    assert.deepEqual(
      run.declared.registered.map((r) => r.type.replace("pulumi-nodejs:dynamic/passwork:", "")).sort(),
      [
        "AccessPolicy",
        "Folder",
        "FolderAccess",
        "Group",
        "Record",
        "RecordTag",
        "ServiceAccount",
        "Vault",
        "VaultAccess",
      ],
    );
    for (const r of run.declared.registered) assert.equal(r.provider, "string", `${r.type}: __provider`);
  });

  it("requires no module under dist/provider/ (only the shim's configure path may appear)", () => {
    const sdk = run.declared.modules.filter((m) => m.startsWith("sdk/"));
    assert.ok(
      sdk.includes("sdk/index.js") && sdk.includes("sdk/record.js"),
      `the hook saw: ${sdk.join(", ")}`,
    );
    const fromProvider = run.declared.modules.filter(
      (m) => m.startsWith("provider/") && !ALLOWED_FROM_PROVIDER.includes(m),
    );
    assert.deepEqual(fromProvider, [], 'loaded eagerly by `import "pulumi-passwork"` or by registering');
  });

  it("a lookup loads the client when it runs (the hook sees provider/ modules)", () => {
    assert.match(
      run.lookup,
      /host|PASSWORK_HOST/i,
      "the lookup fails on the missing settings, not elsewhere",
    );
    const fromProvider = run.afterLookup.modules.filter((m) => m.startsWith("provider/"));
    assert.ok(fromProvider.includes("provider/client/index.js"), `loaded: ${fromProvider.join(", ")}`);
  });
});
