// `connect` ("Connect without access") is one entry of the table's level-code mapping: the docs list it,
// it maps back, an effective-access answer cannot carry it, and a changed code is what both the client
// and the emulator use — while the walk still goes past the grant.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  EffectiveAccessEntrySchema,
  GrantSchema,
  LEVEL_CODES,
  levelOfCode,
} from "../../../protocol/access-protocol";
import { GrantLevel } from "../../../protocol/vaults";
import { CONNECT_NAME } from "../../../provider/access/levels";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { access, PassworkClient } from "../../../provider/client";

const root = path.resolve(__dirname, "../../..");

describe("access protocol table: the connect code", () => {
  it("docs/access-protocol.md lists connect with its code and Passwork's name; it maps back", () => {
    const doc = fs.readFileSync(path.join(root, "docs/access-protocol.md"), "utf8");
    const line = doc.split("\n").find((l) => l.startsWith("| `connect`"));
    assert.ok(line?.includes(`| \`${LEVEL_CODES.connect}\``), line);
    assert.ok(line?.includes(CONNECT_NAME), line);
    assert.ok(line?.includes("assumed"), line);
    assert.equal(levelOfCode(LEVEL_CODES.connect), "connect");
    const codes = GrantLevel.options.map((l) => LEVEL_CODES[l]);
    assert.equal(new Set(codes).size, codes.length, "every code distinct");
  });

  it("a grant may carry it; an effective-access entry may not", () => {
    const g = { principalType: "user", principalId: "a".repeat(24), grantedAt: 1, grantedBy: "b".repeat(24) };
    assert.equal(GrantSchema.parse({ ...g, access: LEVEL_CODES.connect }).access, "connect");
    const entry = EffectiveAccessEntrySchema.safeParse({
      principalType: "user",
      principalId: "a".repeat(24),
      access: LEVEL_CODES.connect,
      source: { directoryId: "c".repeat(24), principalType: "user", principalId: "a".repeat(24) },
    });
    assert.equal(entry.success, false);
  });

  describe("changed in the table (connect → member)", () => {
    let emu: RunningEmulator;
    let c: PassworkClient;
    const before = LEVEL_CODES.connect;
    const raw = async (method: string, p: string, body?: unknown, token = emu.adminTokens.accessToken) => {
      const res = await fetch(`${emu.url}/api/v1${p}`, {
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

    beforeEach(async () => {
      LEVEL_CODES.connect = "member";
      emu = await startEmulator({ port: 0, logErrors: false });
      c = new PassworkClient({ host: emu.url, accessToken: emu.adminTokens.accessToken });
    });
    afterEach(async () => {
      LEVEL_CODES.connect = before;
      await c?.close();
      await emu?.close();
    });

    it("the client sends it, the emulator answers it and still walks past it; the old code is unknown", async () => {
      const types = (await raw("GET", "/vault-types/all")).body;
      const typeId = types.items.find((t: { code: string }) => t.code === "company").id;
      const vaultId = (await raw("POST", "/vaults", { name: "codes", typeId })).body.id as string;
      const bob = await emu.seedUser({ login: "bob" });
      const group = (await raw("POST", "/user-groups", { name: "readers", userIds: [bob.id] })).body.id;
      await access.setGrant(c, "vault", vaultId, {
        principalType: "group",
        principalId: group,
        access: "read",
      });
      await access.setGrant(c, "vault", vaultId, {
        principalType: "user",
        principalId: bob.id,
        access: "connect",
      });
      const onWire = (await raw("GET", `/vaults/${vaultId}/access`)).body.items.find(
        (g: { principalId: string }) => g.principalId === bob.id,
      );
      assert.equal(onWire.access, "member");
      const read = (await access.listGrants(c, "vault", vaultId)).find((g) => g.principalId === bob.id);
      assert.equal(read?.access, "connect");
      // Enforced as connect: the group's read applies to bob.
      const view = await raw("GET", `/vaults/${vaultId}`, undefined, bob.tokens.accessToken);
      assert.equal(view.body.directoryAccess.access, "read");
      const refused = await raw("POST", `/vaults/${vaultId}/access`, {
        principalType: "user",
        principalId: bob.id,
        access: "connect",
      });
      assert.equal(refused.status, 400);
      assert.match(JSON.stringify(refused.body), /unknown access level code \\"connect\\"/);
    });
  });
});
