// The bad-input catalogue through the real engine's `preview`. One program declares every bad resource
// side by side (they are independent, so one preview reports every failure); a second preview does the
// same for the Layout component, whose declaration problems are reported together. For each case the
// failure names the resource, the property and the reason, and the emulator saw no write.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";
import { ConfigMap } from "@pulumi/pulumi/automation";
import { EngineStack, openEngineStack } from "../engine/harness";
import { apiWrites, RestartableEmulator, secretHits, startRestartableEmulator } from "./helpers";

interface Ids {
  vault: string;
  otherVault: string;
  folder: string;
  child: string;
  otherFolder: string;
  record: string;
  user: string;
}

/** One bad resource: the engine stops a preview at the first resource whose check fails, but reports
 * every failure of that resource, so each resource carries as many independent bad properties as fit. */
interface BadResource {
  name: string;
  declare(ids: Ids): void;
  /** Property → the reason expected for it. */
  expect: [property: string, reason: RegExp][];
}

const GHOST = "0123456789abcdef01234567"; // well-formed id of nothing
const SECRET_PASSWORD = `oversized-${"p".repeat(70_000)}`;
const SECRET_FIELD = "field-secret-Vq7m2Lx9Wd";
const GIVEN_PASSWORD = "given-pw-Hh3k9Qz";

const LEVELS = /forbidden.*read.*edit.*full.*admin/;
const bad: BadResource[] = [
  {
    name: "vault-bad",
    declare: () =>
      new passwork.Vault("vault-bad", {
        name: "  ",
        vaultType: "personal" as "company",
        forceDestroy: "yes" as unknown as boolean,
        nmae: "y",
      } as passwork.VaultArgs),
    expect: [
      ["name", /must not be empty/],
      ["vaultType", /"company", "privateShared"/],
      ["forceDestroy", /true or false/],
      ["nmae", /not a known argument/],
    ],
  },
  {
    name: "vault-name-type",
    declare: () => new passwork.Vault("vault-name-type", { name: 42 as unknown as string }),
    expect: [["name", /must be a string/]],
  },
  {
    name: "folder-under-record",
    declare: (ids) =>
      new passwork.Folder("folder-under-record", {
        name: "prod\nuction",
        vaultId: ids.vault,
        parentFolderId: ids.record,
      }),
    expect: [
      ["name", /control character U\+000A/],
      ["parentFolderId", /id of a record, not a folder/],
    ],
  },
  {
    name: "folder-under-vault",
    declare: (ids) =>
      new passwork.Folder("folder-under-vault", {
        name: "f".repeat(300),
        vaultId: ids.vault,
        parentFolderId: ids.otherVault,
      }),
    expect: [
      ["name", /maximum is 255/],
      ["parentFolderId", /id of a vault/],
    ],
  },
  {
    name: "folder-parent-other-vault",
    declare: (ids) =>
      new passwork.Folder("folder-parent-other-vault", {
        name: "ops\u0007",
        vaultId: ids.vault,
        parentFolderId: ids.otherFolder,
      }),
    expect: [
      ["name", /control character U\+0007/],
      ["parentFolderId", /in another vault/],
    ],
  },
  {
    name: "folder-ghost-parent",
    declare: (ids) =>
      new passwork.Folder("folder-ghost-parent", { name: "", vaultId: ids.vault, parentFolderId: GHOST }),
    expect: [
      ["name", /must not be empty/],
      ["parentFolderId", /names no folder/],
    ],
  },
  {
    name: "folder-bad-vault-id",
    declare: () => new passwork.Folder("folder-bad-vault-id", { name: "x", vaultId: "infrastructure" }),
    expect: [["vaultId", /24 lowercase hex/]],
  },
  {
    name: "record-bad",
    declare: (ids) =>
      new passwork.Record("record-bad", {
        name: "",
        vaultId: ids.vault,
        folderId: "production/db",
        password: pulumi.secret(SECRET_PASSWORD),
        tags: ["prodution"],
        color: 99,
        url: "https://a\u001b[31m",
        login: "l".repeat(5000),
        rotation: "2026-q1",
        customFields: {
          DB_PASSWORD: { value: "a", type: "text" },
          db_password: { value: "b", type: "text" },
          "db-host": { value: "h", type: "text" },
          OTP: { value: pulumi.secret("123456"), type: "totp" },
          API_KEY: { value: pulumi.secret(SECRET_FIELD), type: "secret" as "text" },
        },
        pasword: "p",
      } as passwork.RecordArgs),
    expect: [
      ["name", /must not be empty/],
      ["folderId", /24 lowercase hex/],
      ["password", /at most 65536/],
      ["tags", /"prodution" is not in passwork:allowedTags; did you mean "production"/],
      ["color", /0-32/],
      ["url", /control character/],
      ["login", /maximum is 4096/],
      ["rotation", /only has an effect with generatePassword/],
      ["customFields.db_password", /same name as "DB_PASSWORD" except for case/],
      ["customFields.db-host", /passwork-cli exec would export it as/],
      ["customFields.OTP.value", /not a base32 TOTP seed/],
      ["customFields.API_KEY.type", /one of text, password, totp/],
      ["pasword", /not a known argument/],
    ],
  },
  {
    name: "record-bad-2",
    declare: (ids) =>
      new passwork.Record("record-bad-2", {
        name: "x",
        vaultId: ids.vault,
        password: pulumi.secret(GIVEN_PASSWORD),
        generatePassword: { length: 3 },
        tags: ["db\u0000"],
        customFields: { OTP: { value: pulumi.secret("JBSWY3DP"), type: "totp" } },
      }),
    expect: [
      ["password", /generatePassword is also set/],
      ["generatePassword.length", /at least/],
      ["tags.0", /control character/],
      ["customFields.OTP.value", /too short for a TOTP seed/],
    ],
  },
  {
    name: "record-bad-3",
    declare: (ids) =>
      new passwork.Record("record-bad-3", {
        name: "x",
        vaultId: ids.vault,
        tags: "db" as unknown as string[],
        generatePassword: { lowercase: false, uppercase: false, digits: false, symbols: false },
      }),
    expect: [
      ["tags", /list of strings/],
      ["generatePassword", /disables every character class/],
    ],
  },
  {
    name: "record-bad-4",
    declare: (ids) =>
      new passwork.Record("record-bad-4", {
        name: "x",
        vaultId: ids.vault,
        passwordMode: "seed",
        description: "bell\u0007",
      }),
    expect: [
      ["passwordMode", /nothing to seed/],
      ["description", /control character/],
    ],
  },
  {
    name: "tag-bad",
    declare: () => new passwork.RecordTag("tag-bad", { recordId: "mysql-primary", tag: " " }),
    expect: [
      ["recordId", /24 lowercase hex/],
      ["tag", /must not be empty/],
    ],
  },
  {
    name: "tag-vocabulary",
    declare: (ids) => new passwork.RecordTag("tag-vocabulary", { recordId: ids.record, tag: "stagin" }),
    expect: [["tag", /"stagin" is not in passwork:allowedTags; did you mean "staging"/]],
  },
  {
    name: "tag-oversized",
    declare: (ids) => new passwork.RecordTag("tag-oversized", { recordId: ids.record, tag: "t".repeat(100) }),
    expect: [["tag", /at most 64/]],
  },
  {
    name: "vault-access-level",
    declare: (ids) =>
      new passwork.VaultAccess("vault-access-level", {
        vaultId: ids.vault,
        principal: { userId: ids.user },
        level: "owner" as "admin",
      }),
    expect: [["level", LEVELS]],
  },
  {
    name: "folder-access-bad",
    declare: (ids) =>
      new passwork.FolderAccess("folder-access-bad", {
        folderId: ids.folder,
        principal: { userId: ids.user, groupId: GHOST } as unknown as passwork.PrincipalArgs,
        level: "write" as "edit",
      }),
    expect: [
      ["level", LEVELS],
      ["principal", /exactly one/],
    ],
  },
  {
    name: "vault-access-unknown-user",
    declare: (ids) =>
      new passwork.VaultAccess("vault-access-unknown-user", {
        vaultId: ids.vault,
        principal: { userId: GHOST },
        level: "read",
      }),
    expect: [["principal", /user|principal|exist|found/i]],
  },
  {
    name: "service-account-empty-login",
    declare: () => new passwork.ServiceAccount("service-account-empty-login", { login: "" }),
    expect: [["login", /empty|login/i]],
  },
  {
    name: "group-control-name",
    declare: () => new passwork.Group("group-control-name", { name: "ops\u0007team" }),
    expect: [["name", /control character/]],
  },
];

/** Engine diagnostics of a preview: resource name → the messages the engine printed for it. */
function diagnosticsByResource(collected: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of collected.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    const d = event.diagnosticEvent;
    if (!d || d.severity !== "error" || typeof d.urn !== "string") continue;
    const name = d.urn.slice(d.urn.lastIndexOf("::") + 2);
    out.set(name, [...(out.get(name) ?? []), String(d.message)]);
  }
  return out;
}

describe("reliability: bad input is stopped at preview (real engine)", function () {
  this.timeout(300_000);
  let emu: RestartableEmulator;
  let ids: Ids;
  let config: ConfigMap;
  const stacks: EngineStack[] = [];

  before(async () => {
    emu = await startRestartableEmulator();
    const api = emu.api;
    const company = (await api.get("/vault-types/all")).items.find((t: any) => t.code === "company").id;
    const vault = (await api.post("/vaults", { name: "catalogue", typeId: company })).id;
    const otherVault = (await api.post("/vaults", { name: "elsewhere", typeId: company })).id;
    const folder = (await api.post("/folders", { name: "production", vaultId: vault })).id;
    const child = (await api.post("/folders", { name: "databases", vaultId: vault, parentFolderId: folder }))
      .id;
    const otherFolder = (await api.post("/folders", { name: "foreign", vaultId: otherVault })).id;
    const record = (await api.post("/items", { vaultId: vault, folderId: folder, name: "mysql-primary" })).id;
    const user = (await emu.control("POST", "users", { login: "alice", role: "user" })).id;
    ids = { vault, otherVault, folder, child, otherFolder, record, user };
    config = {
      "passwork:host": { value: emu.url },
      "passwork:accessToken": { value: emu.providerTokens.accessToken, secret: true },
      "passwork:allowedTags": { value: JSON.stringify(["production", "staging", "db"]) },
      "passwork:fieldNamePolicy": { value: "fail" },
    };
  });
  after(async () => {
    for (const s of stacks) await s.dispose();
    await emu?.close();
  });

  async function preview(
    projectName: string,
    program: () => void,
  ): Promise<{ stack: EngineStack; error: string; collected: string }> {
    const stack = await openEngineStack({ projectName, program: async () => program(), config });
    stacks.push(stack);
    emu.current.control.requests = [];
    let error = "";
    try {
      await stack.preview();
    } catch (err) {
      error = String((err as Error).message);
    }
    return { stack, error, collected: stack.collectedOutput() };
  }

  it(`${bad.reduce((n, b) => n + b.expect.length, 0)} bad inputs on ${bad.length} resources: each preview names every bad property with its reason, and nothing is written`, async () => {
    const cases = bad.reduce((n, b) => n + b.expect.length, 0);
    assert.ok(cases >= 40, `${cases} cases`);
    let current: BadResource = bad[0]!;
    const stack = await openEngineStack({
      projectName: "bad-input",
      program: async () => current.declare(ids),
      config,
    });
    stacks.push(stack);
    const missing: string[] = [];
    const errors: string[] = [];
    emu.current.control.requests = [];
    for (const b of bad) {
      current = b;
      let error = "";
      try {
        await stack.preview();
      } catch (err) {
        error = String((err as Error).message);
      }
      errors.push(error);
      if (error === "") missing.push(`${b.name}: the preview did not fail`);
      const messages = diagnosticsByResource(stack.collectedOutput()).get(b.name) ?? [];
      for (const [property, reason] of b.expect) {
        const found = messages.some((m) => m.includes(`property ${property} `) && reason.test(m));
        if (!found)
          missing.push(
            `${b.name}: expected ${property} ${reason} in ${JSON.stringify(messages.join("\n").slice(0, 1500))}`,
          );
      }
    }
    assert.deepStrictEqual(missing, []);
    assert.deepStrictEqual(apiWrites(emu.current.control.requests), [], "no write reached the server");
    assert.deepStrictEqual(
      await secretHits(stack, [SECRET_PASSWORD, SECRET_FIELD, GIVEN_PASSWORD, ...emu.tokens], errors),
      [],
    );
  });

  it("a Layout declaration's problems are reported together at preview (shape, then structure) and nothing is written", async () => {
    const shape = await preview("bad-layout-shape", () => {
      new passwork.Layout("broken", {
        spec: {
          vault: { name: "payments" },
          folders: {
            production: {
              access: [{ serviceAccount: "deploy", level: "owner" }, { level: "read" }],
              records: [{ name: "db", password: { generate: { length: 3 } } }],
            },
          },
        } as never,
      });
    });
    for (const expected of [
      /3 problems/,
      /access\[0\]\.level must be one of forbidden, read, edit, full, admin/,
      /access\[1\] must name exactly one of serviceAccount, user or group/,
      /password\.generate\.length must be at least 8/,
    ]) {
      assert.match(shape.error, expected);
    }
    const structure = await preview("bad-layout-structure", () => {
      new passwork.Layout("broken", {
        spec: {
          vault: { name: "payments" },
          folders: {
            production: {
              records: [
                { name: "stripe-api", customFields: { API_KEY: { value: "a" }, api_key: { value: "b" } } },
                { name: "stripe-api" },
                { name: "db\u0007" },
              ],
              folders: { "a/b": {}, "  ": {} },
            },
          },
        },
      });
    });
    for (const expected of [
      /problems:/,
      /stripe-api/,
      /API_KEY|api_key/,
      /control character/,
      /contains "\/"/,
      /name is empty/,
    ]) {
      assert.match(structure.error, expected);
    }
    assert.deepStrictEqual(apiWrites(emu.current.control.requests), [], "no write reached the server");
  });

  it("a move of a folder under its own subfolder is refused at preview, naming parentFolderId", async () => {
    let parent: string | undefined;
    const stack = await openEngineStack({
      projectName: "folder-cycle",
      program: async () => {
        const top = new passwork.Folder("top", {
          name: "top",
          vaultId: ids.vault,
          ...(parent ? { parentFolderId: parent } : {}),
        });
        const sub = new passwork.Folder("sub", { name: "sub", vaultId: ids.vault, parentFolderId: top.id });
        return { sub: sub.id };
      },
      config,
    });
    stacks.push(stack);
    const up = await stack.up();
    parent = up.outputs!["sub"] as string;
    emu.current.control.requests = [];
    await assert.rejects(stack.preview(), (err: Error) =>
      /parentFolderId is this folder itself or one of its subfolders/.test(err.message),
    );
    assert.deepStrictEqual(apiWrites(emu.current.control.requests), []);
    parent = undefined;
    await stack.destroy();
  });
});
