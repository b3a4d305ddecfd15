/**
 * Layout through the real Pulumi CLI against the emulator (needs `npm run build`: the provider runs
 * from dist/ by package name):
 * - the reference layout as one Layout gives the same server state and the same output keys/shape as
 *   the hand-written example (examples/infrastructure/);
 * - growing the tree keeps every existing output key and id;
 * - export of a hand-made vault, then `up` of that declaration adopts everything: no create on the
 *   server, no delete, no replace.
 */
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Layout, type LayoutSpecInput } from "pulumi-passwork";
import { main as cli } from "../../sdk/cli";
import { example } from "../engine/examples";
import { changeCount, openEngineStack, type EngineStack } from "../engine/harness";
import { infraProject, openInfraStack, startInfraFixture, type InfraFixture } from "../engine/fixtures";
import { rawApi } from "../engine/raw-passwork";
import { makeHandmadeVault } from "./handmade";
import { serverState } from "./server-state";

/**
 * The access classes are another engineer's; until the sdk exports them (and the hand-written example
 * declares its grants) the comparison and the adoption leave grants out.
 */
const sdkHas = (...names: string[]) =>
  names.every((n) => typeof (require("pulumi-passwork") as Record<string, unknown>)[n] === "function");

/** The stack outputs examples/layout/index.ts exports, for a Layout declared here. */
function layoutOutputs(layout: Layout) {
  return {
    vaultId: layout.vaultId,
    folderIds: layout.folderIds,
    recordIds: layout.recordIds,
    execCommands: layout.execCommands,
    envVarNames: layout.envVarNames,
    effectiveAccess: layout.effectiveAccess,
    unmanaged: layout.unmanaged,
  };
}

/** Keys and value types of a stack output (the shape a StackReference consumer depends on). */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== "object") return typeof value;
  if (Array.isArray(value)) return value.map(shape);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shape(v)]));
}

describe("Layout through the engine", function () {
  this.timeout(300_000);

  describe("the reference layout, declared once", () => {
    const layoutExample = example("layout");
    let handFx: InfraFixture;
    let layoutFx: InfraFixture;
    let handStack: EngineStack;
    let layoutStack: EngineStack;
    let grow = false;
    let withAccess = false;
    let first: Record<string, any>;

    before(async () => {
      handFx = await startInfraFixture();
      layoutFx = await startInfraFixture();
      // Same secret values on both servers, so custom-field values compare equal too.
      for (const [k, v] of Object.entries(handFx.config))
        if (k.startsWith(`${infraProject}:`)) layoutFx.config[k] = v;
      handStack = await openInfraStack(handFx, () => ({}));
      layoutStack = await openEngineStack({
        projectName: infraProject,
        config: layoutFx.config,
        // examples/layout/index.ts itself, its declaration (reference.ts) with access on or off and,
        // once `grow` is set, one environment more.
        program: layoutExample.program((load) => {
          const reference = load("reference");
          const declare = reference.referenceLayout;
          reference.referenceLayout = (...args: unknown[]): LayoutSpecInput => {
            const s: LayoutSpecInput = declare(args[0], { ...(args[1] as object), access: withAccess });
            return grow
              ? {
                  ...s,
                  environments: {
                    ...s.environments,
                    qa: { categories: { databases: [{ name: "mysql-qa", password: "seed" as const }] } },
                  },
                }
              : s;
          };
        }),
        mainDir: layoutExample.dir,
      });
    });
    after(async () => {
      await handStack?.dispose();
      await layoutStack?.dispose();
      await handFx?.close();
      await layoutFx?.close();
    });

    it("gives the same server state and output keys as the hand-written example", async () => {
      const hand = await handStack.up();
      const handState = await serverState(handFx.api);
      // Declare the grants exactly when the hand-written example has them (and the sdk can make them).
      withAccess =
        handState.grants.some((g) => g.includes("serviceAccount:")) &&
        sdkHas("FolderAccess", "ServiceAccount");
      const mine = await layoutStack.up();
      first = mine.outputs ?? {};
      const layoutState = await serverState(layoutFx.api);
      assert.deepEqual(layoutState, handState);
      assert.ok(Object.keys(layoutState.records).length >= 8, "the comparison saw the records");
      const handOutputs: Record<string, any> = hand.outputs ?? {};
      for (const key of Object.keys(handOutputs)) {
        assert.ok(key in first, `output ${key} exists`);
        if (key === "execCommands") {
          // Same folders and the same command line, apart from the ids of the two stacks' folders.
          const lines = (o: Record<string, string>) =>
            Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.replace(/[0-9a-f]{24}/g, "<id>")]));
          assert.deepEqual(lines(first[key]), lines(handOutputs[key]));
        } else assert.deepEqual(shape(first[key]), shape(handOutputs[key]), key);
      }
      assert.deepEqual(first.unmanaged, { folders: [], records: [] });
      assert.match(first.effectiveAccess, /^### Declared access: infrastructure/);
    });

    it("a second up changes nothing", async () => {
      const run = await layoutStack.up();
      assert.equal(changeCount(run), 0, JSON.stringify(run.summary));
    });

    it("growing the tree (a new environment) keeps every existing output key and id", async () => {
      grow = true;
      const run = await layoutStack.up();
      assert.deepEqual(
        Object.keys(run.summary).filter((op) => op !== "same" && op !== "create"),
        [],
        JSON.stringify(run.summary),
      );
      assert.equal(run.summary.create, 3, "qa, qa/databases, qa/databases/mysql-qa");
      const grown: Record<string, any> = run.outputs ?? {};
      for (const key of ["folderIds", "recordIds", "execCommands", "envVarNames"]) {
        for (const [p, v] of Object.entries(first[key] as Record<string, unknown>))
          assert.deepEqual(grown[key][p], v, `${key}[${p}]`);
      }
      assert.equal(grown.vaultId, first.vaultId);
      assert.ok(grown.recordIds["qa/databases/mysql-qa"]);
      assert.deepEqual(grown.envVarNames["qa/databases"], ["mysql_qa"]);
    });
  });

  describe("export, then adopt", () => {
    let fx: InfraFixture;
    let stack: EngineStack;
    let file: string;
    let tmp: string;

    before(async () => {
      fx = await startInfraFixture();
      await makeHandmadeVault(fx.emulator);
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "layout-adopt-"));
      file = path.join(tmp, "payments.yaml");
      const env = { PASSWORK_HOST: fx.emulator.url, PASSWORK_TOKEN: fx.emulator.adminTokens.accessToken };
      const code = await cli(["export", "--vault", "payments", "--out", file], {
        env,
        stdout: () => undefined,
        stderr: () => undefined,
      });
      assert.equal(code, 0);
      if (!sdkHas("VaultAccess", "FolderAccess")) {
        // Grants need the sdk access classes; until they are exported the tree alone is adopted.
        const spec = YAML.parse(fs.readFileSync(file, "utf8"));
        const strip = (node: any) => {
          if (!node || typeof node !== "object") return;
          delete node.access;
          for (const child of Object.values(node.folders ?? {})) strip(child);
        };
        strip(spec);
        fs.writeFileSync(file, YAML.stringify(spec));
      }
      stack = await openEngineStack({
        projectName: "layout-adopt",
        config: fx.config,
        program: async () => layoutOutputs(Layout.fromFile("payments", file)),
      });
    });
    after(async () => {
      await stack?.dispose();
      await fx?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("takes the hand-made vault over: no create, delete or replace on the server, values kept", async () => {
      const before = await serverState(fx.api);
      fx.emulator.control.requests = [];
      const run = await stack.up();
      const creates = fx.emulator.control.requests.filter(
        (r) => r.method === "POST" && ["/api/v1/vaults", "/api/v1/folders", "/api/v1/items"].includes(r.path),
      );
      assert.deepEqual(creates, []);
      assert.deepEqual(
        fx.emulator.control.requests.filter((r) => r.method === "DELETE"),
        [],
      );
      for (const op of ["delete", "replace", "create-replacement", "delete-replaced"] as const)
        assert.equal(run.summary[op] ?? 0, 0, `${op}: ${JSON.stringify(run.summary)}`);
      assert.deepEqual(
        await serverState(fx.api),
        before,
        "passwords, custom values, tags and tree unchanged",
      );
      assert.deepEqual(run.outputs?.["unmanaged"], { folders: [], records: [] });
      assert.equal(Object.keys(run.outputs?.["recordIds"] ?? {}).length, 3);
    });

    it("a second up changes nothing; something added by hand is reported as unmanaged", async () => {
      const folders = (await fx.api.get(`/folders?vaultId=${(await serverVault(fx)).id}`)).items as any[];
      const monitoring = folders.find((f) => f.name === "monitoring");
      await fx.api.post("/items", {
        vaultId: monitoring.vaultId,
        folderId: monitoring.id,
        name: "loki-admin",
        tags: [],
      });
      const run = await stack.up();
      assert.equal(changeCount(run), 0, JSON.stringify(run.summary));
      assert.deepEqual(run.outputs?.["unmanaged"], {
        folders: [],
        records: ["staging/monitoring/loki-admin"],
      });
      assert.match(
        stack.collectedOutput(),
        /1 object\(s\) in the vault are not in the declaration and are left as they are: record staging\/monitoring\/loki-admin/,
      );
    });
  });
});

async function serverVault(fx: InfraFixture): Promise<{ id: string }> {
  const vaults = (await rawApi(fx.emulator.url, fx.emulator.adminTokens.accessToken).get("/vaults"))
    .items as any[];
  return vaults.find((v) => v.name === "payments");
}
