// The access protocol lives in one table (protocol/access-protocol.ts): no other file spells an access
// path, the emulator's routes are the table's rows, and a level code changed in the table changes what
// the client sends and what the emulator accepts and answers.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ACCESS_OPERATION_NAMES,
  ACCESS_PROTOCOL,
  LEVEL_CODES,
  levelOfCode,
} from "../../../protocol/access-protocol";
import { AccessLevel } from "../../../protocol/vaults";
import { LEVEL_NAMES } from "../../../provider/access/levels";
import { ROUTES, routePattern } from "../../../emulator/routes";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { access, PassworkClient } from "../../../provider/client";

const root = path.resolve(__dirname, "../../..");

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(rel));
    else if (rel.endsWith(".ts")) out.push(rel);
  }
  return out;
}

/**
 * Whether a spelled path (relative to /api/v1, every parameter written as `x`) is a row of the table: the
 * same literal segments, and a parameter where the row has one (`/users/keys` is another endpoint than
 * `/users/{userId}`, as on the server, where the literal route wins).
 */
const tableRoutes = Object.values(ACCESS_PROTOCOL).map((row) => row.path.replace(/\{\w+\}/g, "x"));
const isTablePath = (p: string): boolean => tableRoutes.includes(p);

/** `/api/v1/...` spellings in a file, with `${…}`, `{…}` and `:name` segments made concrete. */
function apiPathsIn(text: string): string[] {
  return [...text.matchAll(/\/api\/v1(\/[A-Za-z0-9_\-/{}$.:|]*)/g)].map((m) =>
    (m[1] as string)
      .replace(/\$\{[^}]*\}|\{[^}]*\}|:\w+/g, "x")
      .replace(/\/+$/, "")
      .replace(/[.,:]+$/, ""),
  );
}

/** path`…` templates of the client, made concrete the same way. */
function clientTemplatesIn(text: string): string[] {
  return [...text.matchAll(/path`([^`]*)`/g)].map((m) => (m[1] as string).replace(/\$\{[^}]*\}/g, "x"));
}

describe("access protocol table", () => {
  it("the resources and the access domain spell no access path: none outside the table", () => {
    const files = [...filesUnder("provider/resources"), ...filesUnder("provider/access")];
    assert.ok(files.length > 20, `scanned ${files.length} files`);
    const found: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), "utf8");
      for (const p of apiPathsIn(text)) if (isTablePath(p)) found.push(`${f}: /api/v1${p}`);
      // The access resources and the access domain name operations, never paths.
      const accessOwned =
        f.startsWith("provider/access/") ||
        f.startsWith("provider/resources/access/") ||
        /provider\/resources\/(grant|access-policy|group|service-account|vault-access|folder-access)\.ts$/.test(
          f,
        );
      if (accessOwned && text.includes("/api/")) found.push(`${f}: mentions /api/`);
    }
    assert.deepEqual(found, []);
  });

  it("the scan would see an access path if one were written (the patterns are live)", () => {
    assert.deepEqual(apiPathsIn("// create: POST /api/v1/user-groups/{id}").filter(isTablePath), [
      "/user-groups/x",
    ]);
    assert.deepEqual(clientTemplatesIn("c.get(path`/vaults/${id}/access`, S)").filter(isTablePath), [
      "/vaults/x/access",
    ]);
    assert.equal(isTablePath("/items/x"), false);
  });

  it("the client and the sdk build no access path outside the table", () => {
    const found: string[] = [];
    for (const f of [...filesUnder("provider"), ...filesUnder("sdk")]) {
      if (f === path.join("provider", "client", "access-protocol.ts")) continue;
      const text = fs.readFileSync(path.join(root, f), "utf8");
      for (const t of clientTemplatesIn(text)) if (isTablePath(t)) found.push(`${f}: ${t}`);
    }
    assert.deepEqual(found, []);
  });

  it("the emulator's access routes are the table's rows, and no hand-written route shadows one", () => {
    for (const name of ACCESS_OPERATION_NAMES) {
      const row = ACCESS_PROTOCOL[name];
      const matching = ROUTES.filter((r) => r.method === row.method && r.path === routePattern(row.path));
      assert.equal(matching.length, 1, `${name}: ${row.method} ${row.path}`);
      assert.equal(matching[0]!.unpublished === true, row.evidence === "assumed", name);
    }
    const routesText = fs.readFileSync(path.join(root, "emulator/routes.ts"), "utf8");
    const literal = [...routesText.matchAll(/`\$\{V1\}(\/[^`]*)`/g)].map((m) =>
      (m[1] as string).replace(/:\w+/g, "x"),
    );
    assert.ok(literal.length > 20);
    assert.deepEqual(literal.filter(isTablePath), []);
  });

  it("docs/access-protocol.md lists every row, its evidence and every level code with the product's name", () => {
    const doc = fs.readFileSync(path.join(root, "docs/access-protocol.md"), "utf8");
    const lines = doc.split("\n");
    for (const name of ACCESS_OPERATION_NAMES) {
      const row = ACCESS_PROTOCOL[name];
      const line = lines.find((l) => l.startsWith(`| \`${name}\``));
      assert.ok(line, `${name} has a row in the doc`);
      assert.ok(line.includes(`${row.method} \`/api/v1${row.path}\``), `${name}: ${line}`);
      assert.ok(line.includes(`| ${row.evidence}`), `${name}: evidence ${row.evidence}`);
    }
    for (const level of AccessLevel.options) {
      const line = lines.find((l) => l.startsWith(`| \`${level}\``));
      assert.ok(line?.includes(`| \`${LEVEL_CODES[level]}\``), `${level} → ${LEVEL_CODES[level]}`);
      assert.ok(line?.includes(LEVEL_NAMES[level]), `${level}: ${LEVEL_NAMES[level]}`);
    }
  });

  it("maps every level to a distinct code and back", () => {
    const codes = AccessLevel.options.map((l) => LEVEL_CODES[l]);
    assert.equal(new Set(codes).size, codes.length);
    for (const l of AccessLevel.options) assert.equal(levelOfCode(LEVEL_CODES[l]), l);
    assert.equal(levelOfCode("write"), undefined);
  });

  describe("a level code changed in the table (edit → write, as the inbox's access hints)", () => {
    let emu: RunningEmulator;
    let c: PassworkClient;
    const before = LEVEL_CODES.edit;
    const raw = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${emu.url}/api/v1${p}`, {
        method,
        headers: {
          authorization: `Bearer ${emu.adminTokens.accessToken}`,
          "x-response-format": "raw",
          "content-type": "application/json",
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    beforeEach(async () => {
      LEVEL_CODES.edit = "write";
      emu = await startEmulator({ port: 0, logErrors: false });
      c = new PassworkClient({ host: emu.url, accessToken: emu.adminTokens.accessToken });
    });
    afterEach(async () => {
      LEVEL_CODES.edit = before;
      await c?.close();
      await emu?.close();
    });

    it("the client sends it, the emulator stores our level and answers the code, the client reads our level", async () => {
      const types = (await raw("GET", "/vault-types/all")).body;
      const typeId = types.items.find((t: { code: string }) => t.code === "company").id;
      const vaultId = (await raw("POST", "/vaults", { name: "codes", typeId })).body.id as string;
      const bob = await emu.seedUser({ login: "bob" });
      await access.setGrant(c, "vault", vaultId, {
        principalType: "user",
        principalId: bob.id,
        access: "edit",
      });
      const onWire = (await raw("GET", `/vaults/${vaultId}/access`)).body.items.find(
        (g: { principalId: string }) => g.principalId === bob.id,
      );
      assert.equal(onWire.access, "write");
      const read = (await access.listGrants(c, "vault", vaultId)).find((g) => g.principalId === bob.id);
      assert.equal(read?.access, "edit");
      // The emulator enforces it as our edit: bob may create a folder in the vault.
      const asBob = await fetch(`${emu.url}/api/v1/folders`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${bob.tokens.accessToken}`,
          "x-response-format": "raw",
          "content-type": "application/json",
        },
        body: JSON.stringify({ name: "bob-was-here", vaultId }),
      });
      assert.equal(asBob.status, 200);
      // The old code is now unknown to both sides.
      const refused = await raw("POST", `/vaults/${vaultId}/access`, {
        principalType: "user",
        principalId: bob.id,
        access: "edit",
      });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(refused.body), /unknown access level code \\"edit\\"/);
    });
  });
});
