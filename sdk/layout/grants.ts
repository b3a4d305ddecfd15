/**
 * The identities and grants of a Layout: ServiceAccount / Group resources for `identities`, one
 * VaultAccess per vault-level entry and one FolderAccess per folder-level entry. Inheritance is
 * Passwork's own (a folder grant overrides the vault's for that principal), so a grant is created
 * only where the declaration writes it.
 *
 * A principal is found, in order: declared under `identities` (created here), given in
 * `principalIds`, or looked up on the server by login / name in the program process.
 */
import * as pulumi from "@pulumi/pulumi";
import { FolderAccess } from "../folder-access";
import type { Folder } from "../folder";
import { Group } from "../group";
import { clientEndpoints, withServerClient } from "../on-demand";
import { ServiceAccount } from "../service-account";
import { VaultAccess, type PrincipalArgs } from "../vault-access";
import { problemLine } from "./errors";
import type { LayoutPlan, PlannedGrant, PrincipalKind } from "./plan";

export interface PrincipalIds {
  serviceAccounts?: { [login: string]: pulumi.Input<string> };
  users?: { [login: string]: pulumi.Input<string> };
  groups?: { [name: string]: pulumi.Input<string> };
}

const GIVEN_KEY = { serviceAccount: "serviceAccounts", user: "users", group: "groups" } as const;
const KIND_WORD: Record<PrincipalKind, string> = {
  serviceAccount: "service account",
  user: "user",
  group: "group",
};

function principalArg(kind: PrincipalKind, id: pulumi.Input<string>): PrincipalArgs {
  return kind === "serviceAccount"
    ? { serviceAccountId: id }
    : kind === "user"
      ? { userId: id }
      : { groupId: id };
}

/** Looks an identity up on the server; the error names the declaration path and the fixes. */
async function lookUp(kind: PrincipalKind, name: string, where: string): Promise<string> {
  const id = await withServerClient(async (c) => {
    const { principals } = clientEndpoints();
    if (kind === "group") return (await principals.groups.list(c, { name })).find((g) => g.name === name)?.id;
    const found = await principals.users.list(c, {
      login: name,
      ...(kind === "serviceAccount" ? { isServiceAccount: true } : {}),
    });
    return found.find((u) => u.login === name && (kind !== "serviceAccount" || u.isServiceAccount))?.id;
  });
  if (id === undefined) {
    throw new Error(
      problemLine(
        where,
        `the ${KIND_WORD[kind]} "${name}" does not exist on the server`,
        `declare it under identities, pass its id in principalIds.${GIVEN_KEY[kind]}, or fix the name`,
      ),
    );
  }
  return id;
}

export function createGrants(
  parent: pulumi.ComponentResource,
  name: string,
  plan: LayoutPlan,
  vaultId: pulumi.Input<string>,
  folders: ReadonlyMap<string, Folder>,
  given: PrincipalIds,
): void {
  const hasGrants = plan.vaultAccess.length > 0 || plan.folders.some((f) => f.access.length > 0);
  if (!hasGrants && plan.serviceAccounts.length === 0 && plan.groups.length === 0) return;
  const opts = { parent };
  const ids = new Map<string, pulumi.Input<string>>();
  const key = (kind: PrincipalKind, n: string) => `${kind}:${n}`;
  for (const sa of plan.serviceAccounts) {
    const r = new ServiceAccount(
      `${name}/service-account/${sa.login}`,
      { login: sa.login, ...(sa.fullName !== undefined ? { fullName: sa.fullName } : {}) },
      opts,
    );
    ids.set(key("serviceAccount", sa.login), r.id);
  }
  for (const g of plan.groups) {
    const r = new Group(
      `${name}/group/${g.name}`,
      { name: g.name, ...(g.description !== undefined ? { description: g.description } : {}) },
      opts,
    );
    ids.set(key("group", g.name), r.id);
  }
  const idOf = (g: PlannedGrant, where: string): pulumi.Input<string> => {
    const k = key(g.kind, g.name);
    let id = ids.get(k) ?? given[GIVEN_KEY[g.kind]]?.[g.name];
    if (id === undefined) {
      id = pulumi.output(lookUp(g.kind, g.name, where));
      ids.set(k, id);
    }
    return id;
  };
  for (const g of plan.vaultAccess) {
    new VaultAccess(
      `${name}/vault-access/${g.kind}/${g.name}`,
      { vaultId, principal: principalArg(g.kind, idOf(g, "")), level: g.level },
      opts,
    );
  }
  for (const f of plan.folders) {
    const folder = folders.get(f.path)!;
    for (const g of f.access) {
      new FolderAccess(
        `${name}/folder-access/${f.path}/${g.kind}/${g.name}`,
        { folderId: folder.folderId, principal: principalArg(g.kind, idOf(g, f.path)), level: g.level },
        opts,
      );
    }
  }
}
