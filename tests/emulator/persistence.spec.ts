import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, appendFileSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { JOURNAL_FILE, SNAPSHOT_FILE } from "../../emulator/store/persistence";
import { as, makeVault, start } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");

function spawnCli(
  dataDir: string,
): Promise<{ child: ChildProcess; info: { url: string; accessToken: string; refreshToken: string } }> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0", "--data-dir", dataDir],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.once("exit", (code) => reject(new Error(`cli exited ${code}: ${err}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (line) =>
      resolve({ child, info: JSON.parse(line) }),
    );
  });
}

const kill9 = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

describe("emulator: persistence", function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(tmpdir(), "emu-data-"));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("keeps every acknowledged write across SIGKILL of the CLI and a restart", async () => {
    const dir = tmp();
    const first = await spawnCli(dir);
    const emu1 = { url: first.info.url } as Parameters<typeof as>[0];
    const api = as(emu1, first.info.accessToken);
    const vault = await makeVault(api, "Durable");
    const folder = (await api.post("/api/v1/folders", { name: "f", vaultId: vault })).body.id;
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const r = await api.post("/api/v1/items", {
          vaultId: vault,
          folderId: folder,
          name: `item-${i}`,
          tags: ["t"],
        });
        assert.equal(r.status, 200);
        ids.push(r.body.id);
      }),
    );
    const gone = ids[0] as string;
    await api.del(`/api/v1/items/${gone}`);
    await kill9(first.child);

    const second = await spawnCli(dir);
    try {
      const api2 = as({ url: second.info.url } as Parameters<typeof as>[0], first.info.accessToken);
      assert.equal(
        (await api2.get(`/api/v1/vaults/${vault}`)).body.name,
        "Durable",
        "old tokens survive too",
      );
      const items = (await api2.get(`/api/v1/items?vaultId=${vault}`)).body.items as { id: string }[];
      assert.deepEqual(items.map((i) => i.id).sort(), ids.filter((i) => i !== gone).sort());
      assert.equal((await api2.get(`/api/v1/bin?vaultId=${vault}`)).body.items.length, 1);
      assert.equal(
        (
          await as({ url: second.info.url } as Parameters<typeof as>[0], second.info.accessToken).get(
            "/api/v1/users/info",
          )
        ).body.login,
        "admin",
      );
    } finally {
      await kill9(second.child);
    }
    assert.ok(
      !readFileSync(path.join(dir, JOURNAL_FILE), "utf8").includes(first.info.accessToken),
      "tokens are journaled as hashes only",
    );
  });

  it("compacts to a snapshot and replays snapshot + journal", async () => {
    const dir = tmp();
    const emu = await start({ dataDir: dir });
    const api = as(emu, emu.adminTokens.accessToken);
    const v = await makeVault(api, "Snap");
    await emu.store.compact();
    const after = (await api.post("/api/v1/items", { vaultId: v, name: "after snapshot" })).body.id;
    await emu.close();
    assert.ok(JSON.parse(readFileSync(path.join(dir, SNAPSHOT_FILE), "utf8")).seq > 0);
    const again = await start({ dataDir: dir });
    try {
      assert.equal(
        (await as(again, again.adminTokens.accessToken).get(`/api/v1/items/${after}`)).body.name,
        "after snapshot",
      );
    } finally {
      await again.close();
    }
  });

  it("drops a torn final journal line (never acknowledged) and starts", async () => {
    const dir = tmp();
    const emu = await start({ dataDir: dir });
    const v = await makeVault(as(emu, emu.adminTokens.accessToken), "Torn");
    await emu.close();
    appendFileSync(path.join(dir, JOURNAL_FILE), '{"seq":999,"changes":[["vaults","x"');
    const again = await start({ dataDir: dir });
    try {
      assert.equal((await as(again, again.adminTokens.accessToken).get(`/api/v1/vaults/${v}`)).status, 200);
    } finally {
      await again.close();
    }
    assert.ok(readFileSync(path.join(dir, JOURNAL_FILE), "utf8").endsWith("\n"));
  });

  it("refuses to start on a corrupt line mid-journal or a corrupt snapshot, naming the file and line", async () => {
    const dir = tmp();
    const emu = await start({ dataDir: dir });
    await makeVault(as(emu, emu.adminTokens.accessToken), "Corrupt");
    await emu.close();
    const file = path.join(dir, JOURNAL_FILE);
    const lines = readFileSync(file, "utf8").split("\n");
    lines[1] = "{garbage";
    writeFileSync(file, lines.join("\n"));
    await assert.rejects(start({ dataDir: dir }), (e: Error) => e.message.includes(`${file} line 2`));

    const dir2 = tmp();
    writeFileSync(path.join(dir2, SNAPSHOT_FILE), '{"seq": 3, "collections": ');
    await assert.rejects(start({ dataDir: dir2 }), (e: Error) =>
      e.message.includes(path.join(dir2, SNAPSHOT_FILE)),
    );
  });

  it("the CLI exits non-zero with the message on a corrupt journal", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, JOURNAL_FILE), '{"seq":1,"changes":[]}\nnot json\n{"seq":3,"changes":[]}\n');
    await assert.rejects(spawnCli(dir), /journal\.jsonl line 2/);
  });
});
