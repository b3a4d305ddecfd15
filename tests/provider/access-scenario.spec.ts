/**
 * The reference scenario, declared through the providers and checked with each account's own token:
 * vault infrastructure (production / staging / development) and its service accounts and groups.
 * Then effectiveAccess is compared with what the emulator enforces, operation by operation.
 */
import { strict as assert } from "node:assert";
import { resetClaims } from "../../provider/resources/access/claims";
import { effectiveAccessReport } from "../../sdk/review/effective-report";
import { allows, type Operation } from "../../provider/access/levels";
import { assertWellFormedXml } from "../unit/access/xml-check";
import { providerContext } from "../../provider/config";
import { provider as accessPolicy } from "../../provider/resources/access-policy";
import { provider as folderAccess } from "../../provider/resources/folder-access";
import { provider as group } from "../../provider/resources/group";
import { provider as serviceAccount } from "../../provider/resources/service-account";
import { provider as vaultAccess } from "../../provider/resources/vault-access";
import { checkAndCreate, makeLayout, type Layout } from "./access-helpers";
import { startFixture, type ProviderFixture } from "./fixture";

type Dir = "vault" | "production" | "staging" | "development";
const DIRS: Dir[] = ["vault", "production", "staging", "development"];

describe("provider: the reference access scenario, enforced per account", function () {
  this.timeout(30_000);
  let fx: ProviderFixture;
  let l: Layout;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const records: Record<string, string> = {};

  async function api(
    who: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        "x-response-format": "raw",
        "content-type": "application/json",
      },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${fx.emu.url}/api/v1${path}`, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }
  const dirId = (d: Dir) => l[d];

  before(async () => {
    fx = await startFixture();
    l = await makeLayout(fx);
    records.vault = (await fx.raw("POST", "/items", { vaultId: l.vault, name: "root-record" })).id;
    for (const env of ["production", "staging", "development"] as const) {
      records[env] = (
        await fx.raw("POST", "/items", { vaultId: l.vault, folderId: l[env], name: `db-${env}` })
      ).id;
    }
    // Identities through the resources.
    for (const login of ["deploy-prod-svc", "deploy-staging-svc", "cred-rotator", "health-checker"]) {
      ids[login] = (await checkAndCreate(serviceAccount, { login, fullName: `${login} (CI)` })).id;
    }
    ids.alice = (await fx.emu.seedUser({ login: "alice", role: "user" })).id;
    ids.carol = (await fx.emu.seedUser({ login: "carol", role: "user" })).id;
    ids.developers = (await checkAndCreate(group, { name: "developers", members: [ids.alice] })).id;
    ids.platform = (
      await checkAndCreate(group, { name: "platform", description: "platform team", members: [ids.carol] })
    ).id;

    // Grants: production through an authoritative AccessPolicy, the rest through single grants.
    await checkAndCreate(accessPolicy, {
      folderId: l.production,
      grants: [
        { principal: { serviceAccountId: ids["deploy-prod-svc"] }, level: "read" },
        { principal: { serviceAccountId: ids["cred-rotator"] }, level: "edit" },
        { principal: { groupId: ids.platform }, level: "full" },
      ],
    });
    await checkAndCreate(folderAccess, {
      folderId: l.staging,
      principal: { serviceAccountId: ids["deploy-staging-svc"] },
      level: "read",
    });
    await checkAndCreate(folderAccess, {
      folderId: l.staging,
      principal: { serviceAccountId: ids["cred-rotator"] },
      level: "edit",
    });
    await checkAndCreate(folderAccess, {
      folderId: l.staging,
      principal: { groupId: ids.platform },
      level: "full",
    });
    await checkAndCreate(folderAccess, {
      folderId: l.development,
      principal: { groupId: ids.developers },
      level: "edit",
    });
    await checkAndCreate(vaultAccess, {
      vaultId: l.vault,
      principal: { serviceAccountId: ids["health-checker"] },
      level: "read",
    });
    for (const who of [
      "deploy-prod-svc",
      "deploy-staging-svc",
      "cred-rotator",
      "health-checker",
      "alice",
      "carol",
    ]) {
      const res = await fetch(`${fx.emu.url}/_emulator/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-response-format": "raw" },
        body: JSON.stringify({ userId: ids[who] }),
      });
      tokens[who] = ((await res.json()) as { accessToken: string }).accessToken;
    }
  });
  after(async () => {
    resetClaims();
    await fx.close();
  });

  // What each account may do, by directory: [read, write].
  const expected: Record<string, Record<Dir, [boolean, boolean]>> = {
    "deploy-prod-svc": {
      vault: [false, false],
      production: [true, false],
      staging: [false, false],
      development: [false, false],
    },
    "deploy-staging-svc": {
      vault: [false, false],
      production: [false, false],
      staging: [true, false],
      development: [false, false],
    },
    "cred-rotator": {
      vault: [false, false],
      production: [true, true],
      staging: [true, true],
      development: [false, false],
    },
    "health-checker": {
      vault: [true, false],
      production: [true, false],
      staging: [true, false],
      development: [true, false],
    },
  };

  for (const [who, dirs] of Object.entries(expected)) {
    it(`${who}: allowed reads work, writes it lacks the level for get 403`, async () => {
      for (const env of ["production", "staging", "development"] as const) {
        const [canRead, canWrite] = dirs[env];
        assert.equal(
          (await api(who, "GET", `/folders/${l[env]}`)).status,
          canRead ? 200 : 403,
          `${who} GET folder ${env}`,
        );
        assert.equal(
          (await api(who, "GET", `/items/${records[env]}`)).status,
          canRead ? 200 : 403,
          `${who} GET item in ${env}`,
        );
        const created = await api(who, "POST", "/items", {
          vaultId: l.vault,
          folderId: l[env],
          name: `by-${who}`,
        });
        assert.equal(
          created.status,
          canWrite ? 200 : 403,
          `${who} create item in ${env}: ${JSON.stringify(created.body)}`,
        );
        const edited = await api(who, "PATCH", `/items/${records[env]}`, { name: `db-${env}` });
        assert.equal(edited.status, canWrite ? 200 : 403, `${who} edit item in ${env}`);
        if (canWrite) await fx.raw("DELETE", `/items/${created.body.id}`);
      }
      // Nobody but an admin manages access.
      assert.equal(
        (
          await api(who, "POST", `/folders/${l.production}/access`, {
            principalType: "group",
            principalId: ids.developers,
            access: "read",
          })
        ).status,
        403,
      );
    });

    it(`${who}: nothing outside its grants is visible in listings or search`, async () => {
      const visibleFolders = (["production", "staging", "development"] as const)
        .filter((env) => dirs[env][0])
        .map((env) => l[env])
        .sort();
      const folders = await api(who, "GET", `/folders?vaultId=${l.vault}`);
      assert.equal(folders.status, 200, JSON.stringify(folders.body));
      assert.deepEqual(folders.body.items.map((f: { id: string }) => f.id).sort(), visibleFolders);
      const found = await api(who, "GET", `/items/search?query=db-`); // root-record does not match
      assert.equal(found.status, 200);
      const visibleRecords = (["production", "staging", "development"] as const)
        .filter((env) => dirs[env][0])
        .map((env) => records[env])
        .sort();
      assert.deepEqual(found.body.items.map((i: { id: string }) => i.id).sort(), visibleRecords);
      const inVault = await api(who, "GET", `/items?vaultId=${l.vault}`);
      if (inVault.status === 200) {
        const names = inVault.body.items.map((i: { name: string }) => i.name);
        for (const env of ["production", "staging", "development"] as const)
          assert.equal(names.includes(`db-${env}`), dirs[env][0], `${who} lists db-${env}`);
      }
    });
  }

  it("groups: developers edit development only; platform has full on production and staging", async () => {
    assert.equal(
      (await api("alice", "POST", "/items", { vaultId: l.vault, folderId: l.development, name: "dev-tool" }))
        .status,
      200,
    );
    assert.equal((await api("alice", "GET", `/folders/${l.production}`)).status, 403);
    assert.equal(
      (await api("carol", "POST", `/folders/${l.production}/move`, { targetFolderId: l.staging })).status,
      200,
      "full may move",
    );
    await fx.raw("POST", `/folders/${l.production}/move`, { targetFolderId: null });
    assert.equal((await api("carol", "GET", `/folders/${l.development}`)).status, 403);
  });

  it("effectiveAccess agrees with enforcement: the level predicts exactly which of read/create/rename/grant succeed", async () => {
    const { client } = providerContext();
    const report = await effectiveAccessReport(client, { vaultId: l.vault });
    assertWellFormedXml(report.svg);
    assert.match(report.markdown, /\| service account deploy-prod-svc \| — \| — \| read \| — \|/);
    const probe = (await fx.raw("POST", "/user-groups", { name: "probe" })).id as string;
    let checked = 0;
    for (const who of [
      "deploy-prod-svc",
      "deploy-staging-svc",
      "cred-rotator",
      "health-checker",
      "alice",
      "carol",
    ]) {
      for (const d of DIRS) {
        const row = report.rows.find((r) => r.principalId === ids[who] && r.directoryId === dirId(d));
        assert.ok(row, `${who} × ${d} is in the report`);
        const kind = d === "vault" ? "vault" : "folder";
        const tries: Record<Operation, () => Promise<number>> = {
          // Reading = reading a record that sits directly in the directory. (GET /vaults/{id} answers for
          // anyone with access somewhere inside, so a vault is navigable without being readable.)
          read: async () => (await api(who, "GET", `/items/${records[d]}`)).status,
          create: async () => {
            const r = await api(who, "POST", "/folders", {
              name: `probe-${who}`,
              vaultId: l.vault,
              ...(kind === "folder" ? { parentFolderId: dirId(d) } : {}),
            });
            if (r.status === 200) await fx.raw("DELETE", `/folders/${r.body.id}`);
            return r.status;
          },
          rename: async () => {
            const name = kind === "vault" ? "infrastructure" : d; // same name: allowed or refused, nothing changes
            return (
              await api(who, "POST", kind === "vault" ? `/vaults/${l.vault}` : `/folders/${dirId(d)}`, {
                name,
              })
            ).status;
          },
          grant: async () => {
            const r = await api(who, "POST", `/${kind}s/${dirId(d)}/access`, {
              principalType: "group",
              principalId: probe,
              access: "read",
            });
            if (r.status === 200) await fx.raw("DELETE", `/${kind}s/${dirId(d)}/access/group/${probe}`);
            return r.status;
          },
        };
        for (const op of ["read", "create", "rename", "grant"] as Operation[]) {
          const status = await tries[op]();
          const predicted = allows(row.level, op, kind);
          assert.equal(
            status === 200,
            predicted,
            `${who} ${op} on ${d}: report says ${row.level} (${row.reason}), server answered ${status}`,
          );
          if (!predicted) assert.equal(status, 403, `${who} ${op} on ${d}: refused with 403`);
          checked++;
        }
      }
    }
    assert.equal(checked, 6 * 4 * 4);
  });
});
