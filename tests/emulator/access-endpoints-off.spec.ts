// `--no-access-endpoints` / `accessEndpoints: false`: the access rows Passwork does not publish answer
// 404 (directly and inside /batch), the published ones and everything else keep working.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { ACCESS_OPERATION_NAMES, ACCESS_PROTOCOL } from "../../protocol/access-protocol";

const ROOT = path.resolve(__dirname, "../..");
const ID = "0123456789abcdef01234567";

function spawnCli(
  args: string[],
): Promise<{ child: ChildProcess; info: { url: string; accessToken: string } }> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args],
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

describe("emulator: --no-access-endpoints", function () {
  this.timeout(30_000);
  let child: ChildProcess | undefined;
  let url = "";
  let token = "";
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${url}/api/v1${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "x-response-format": "raw",
        "content-type": "application/json",
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    const started = await spawnCli(["--port", "0", "--no-access-endpoints"]);
    child = started.child;
    url = started.info.url;
    token = started.info.accessToken;
  });
  after(async () => {
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child!.once("exit", () => resolve());
      child!.kill("SIGTERM");
    });
  });

  it("every assumed row answers 404 notFound, every published row still answers", async () => {
    for (const name of ACCESS_OPERATION_NAMES) {
      const row = ACCESS_PROTOCOL[name];
      const p = row.path.replace(/\{principalType\}/, "user").replace(/\{\w+\}/g, ID);
      const { status, body } = await call(row.method, p, row.method === "POST" ? {} : undefined);
      if (row.evidence === "assumed") {
        // GET /users is off while POST /users (published) is on: the method is refused instead.
        const expected = name === "listUsers" ? 405 : 404;
        assert.equal(status, expected, `${name}: ${row.method} ${p} → ${status}`);
      } else {
        assert.notEqual(status, 404, `${name} is published and stays on`);
        assert.notEqual(status, 405, `${name} is published and stays on`);
      }
      assert.ok(Array.isArray(body.errors) || status < 400, JSON.stringify(body));
    }
    assert.equal((await call("GET", "/user-roles")).status, 200);
    assert.equal((await call("GET", "/users/info")).status, 200);
  });

  it("vaults and folders work, and a /batch sub-request to an access path is refused too", async () => {
    const types = (await call("GET", "/vault-types/all")).body;
    const typeId = types.items.find((t: { code: string }) => t.code === "company").id;
    const vault = await call("POST", "/vaults", { name: "plain", typeId });
    assert.equal(vault.status, 200);
    assert.equal((await call("POST", "/folders", { name: "apps", vaultId: vault.body.id })).status, 200);
    const batch = await call("POST", "/batch", {
      requests: [
        { method: "GET", relativeUrl: `/api/v1/vaults/${vault.body.id}` },
        { method: "GET", relativeUrl: `/api/v1/vaults/${vault.body.id}/access` },
      ],
    });
    assert.equal(batch.status, 200);
    assert.deepEqual(
      batch.body.responses.map((r: { statusCode: number }) => r.statusCode),
      [200, 404],
    );
  });
});
