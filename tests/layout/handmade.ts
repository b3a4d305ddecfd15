/**
 * A vault made by hand: raw HTTP against the emulator (what a person clicking in the UI leaves
 * behind), with no help from our client. Used by the export and adoption tests.
 */
import { as, b64, makeVault, type Api } from "../emulator/helpers";
import type { RunningEmulator } from "../../emulator/server";

/** Secret values the hand-made vault holds; an export must contain none of them. */
export const HANDMADE_SECRETS = [
  "Pg-Root-9vQ2xZ",
  "Stripe-sk-live-77AbC",
  "Grafana-Adm-31kk",
  "Webhook-Sig-5544",
];

export interface Handmade {
  vaultId: string;
  folderIds: Record<string, string>;
  recordIds: Record<string, string>;
  serviceAccountId: string;
  groupId: string;
}

async function must(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const r = await p;
  if (r.status !== 200) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function makeHandmadeVault(emu: RunningEmulator): Promise<Handmade> {
  const api: Api = as(emu, emu.adminTokens.accessToken);
  const vaultId = await makeVault(api, "payments");
  const folderIds: Record<string, string> = {};
  const folder = async (path: string) => {
    const slash = path.lastIndexOf("/");
    const parent = slash < 0 ? undefined : folderIds[path.slice(0, slash)];
    const body = { name: path.slice(slash + 1), vaultId, ...(parent ? { parentFolderId: parent } : {}) };
    folderIds[path] = (await must(api.post("/api/v1/folders", body), `folder ${path}`)).id;
  };
  for (const p of [
    "production",
    "production/databases",
    "production/billing",
    "staging",
    "staging/monitoring",
  ])
    await folder(p);

  const recordIds: Record<string, string> = {};
  const item = async (
    folderPath: string,
    name: string,
    fields: {
      login?: string;
      url?: string;
      description?: string;
      password?: string;
      tags?: string[];
      customs?: [string, string, string][];
      color?: number;
    },
  ) => {
    const body: Record<string, unknown> = {
      vaultId,
      folderId: folderIds[folderPath] ?? null,
      name,
      tags: fields.tags ?? [],
    };
    if (fields.login) body.login = fields.login;
    if (fields.url) body.url = fields.url;
    if (fields.description) body.description = fields.description;
    if (fields.color) body.color = fields.color;
    if (fields.password) body.passwordEncrypted = b64(fields.password);
    if (fields.customs)
      body.customs = fields.customs.map(([n, t, v]) => ({ name: b64(n), type: b64(t), value: b64(v) }));
    recordIds[`${folderPath}/${name}`] = (await must(api.post("/api/v1/items", body), `item ${name}`)).id;
  };
  await item("production/databases", "postgres-main", {
    login: "postgres",
    url: "postgres://pg.prod.internal:5432",
    description: "Main PostgreSQL",
    password: HANDMADE_SECRETS[0]!,
    tags: ["production", "db"],
    customs: [["PG_HOST", "text", "pg.prod.internal"]],
  });
  await item("production/billing", "stripe-api", {
    description: "Stripe live key",
    tags: ["production", "billing"],
    color: 3,
    customs: [
      ["STRIPE_SECRET_KEY", "password", HANDMADE_SECRETS[1]!],
      ["STRIPE_WEBHOOK_SECRET", "password", HANDMADE_SECRETS[3]!],
    ],
  });
  await item("staging/monitoring", "grafana-admin", {
    login: "admin",
    url: "https://grafana.staging.internal",
    password: HANDMADE_SECRETS[2]!,
    tags: ["staging"],
  });

  const sa = await must(
    api.post("/api/v1/users", {
      login: "billing-deploy-svc",
      fullName: "Billing deploys",
      userRoleId: await roleId(api),
      isServiceAccount: true,
    }),
    "service account",
  );
  const group = await must(api.post("/api/v1/user-groups", { name: "payments-oncall" }), "group");
  await must(
    api.post(`/api/v1/folders/${folderIds["production/billing"]}/access`, {
      principalType: "user",
      principalId: sa.id,
      access: "read",
    }),
    "folder grant",
  );
  await must(
    api.post(`/api/v1/vaults/${vaultId}/access`, {
      principalType: "group",
      principalId: group.id,
      access: "read",
    }),
    "vault grant",
  );
  return { vaultId, folderIds, recordIds, serviceAccountId: sa.id, groupId: group.id };
}

async function roleId(api: Api): Promise<string> {
  const roles = await must(api.get("/api/v1/user-roles"), "roles");
  return roles.items.find((r: { code: string }) => r.code === "user").id;
}
