/**
 * The server-side half of every access change: load the directory's walk and grants, then run the
 * pure guards (provider/access/guardrails.ts: lockout, last administrator) and the configured access
 * rules against them. Used at check (when inputs are known) and before every create/update/delete.
 */
import { principals, type DirectoryKind, type PassworkClient } from "../../client";
import { ruleViolations } from "../../access/access-rules";
import { enforceGuardrails, GuardrailError } from "../../access/guardrails";
import type { GrantLevel } from "../../access/levels";
import type { DirectGrant, PrincipalKind } from "../../access/model";
import type { WirePrincipal } from "../../access/principal";
import { accessRules } from "../../settings/source";
import { isNotFound } from "../outcome";
import {
  grantsOnAll,
  loadWalk,
  principalNames,
  selfIdentity,
  vaultTypeAdministratorIds,
  type VaultView,
} from "./reads";

export interface DirectoryState {
  view: VaultView;
  /** Direct grants on the directory and its ancestors. */
  walkGrants: DirectGrant[];
  /** Direct grants on the directory itself. */
  here: DirectGrant[];
}

/**
 * The directory's walk (see `loadWalk`) and the grants on it. `cachedGrants`: reuse grants this process
 * already read (forgotten on our own grant writes) — for the single-grant guards, which read the same
 * vault's grants for every grant in it; whoever must see the server's present grants (drift, refresh)
 * passes false.
 */
export async function loadDirectoryState(
  c: PassworkClient,
  kind: DirectoryKind,
  id: string,
  cachedGrants = false,
): Promise<DirectoryState> {
  const view = await loadWalk(c, kind, id);
  const walkGrants = await grantsOnAll(c, view.tree.walkUp(id), cachedGrants);
  return { view, walkGrants, here: walkGrants.filter((g) => g.directoryId === id) };
}

/**
 * Refuses (GuardrailError) when replacing the directory's direct grants by `planned` would lock the
 * provider out, remove the vault's last administrator, or break a configured access rule.
 * `touched` lists the principals whose grant this change sets (rules are checked for those only).
 */
export async function guardChange(
  c: PassworkClient,
  directoryId: string,
  state: DirectoryState,
  planned: DirectGrant[],
  touched: { principal: WirePrincipal; level: GrantLevel }[],
): Promise<void> {
  const nameOf = await principalNames(c, [...state.here, ...planned]);
  const self = await selfIdentity(c);
  const typeAdmins = await demotableTypeAdministrators(c, state.view.vaultId, directoryId, planned);
  enforceGuardrails(
    { tree: state.view.tree, current: state.walkGrants, directoryId, planned, nameOf },
    self,
    typeAdmins,
  );
  const rules = accessRules();
  if (rules.length === 0) return;
  const problems: string[] = [];
  for (const t of touched) {
    const { kind: principalKind, name } = await describePrincipal(c, t.principal);
    problems.push(
      ...ruleViolations(rules, {
        principalKind,
        principalName: name,
        vaultName: state.view.vaultName,
        pathInVault: state.view.tree.pathInVault(directoryId),
        level: t.level,
      }),
    );
  }
  if (problems.length) throw new GuardrailError(problems.join("\n"));
}

async function describePrincipal(
  c: PassworkClient,
  p: WirePrincipal,
): Promise<{ kind: PrincipalKind; name: string }> {
  if (p.principalType === "group")
    return { kind: "group", name: (await principals.groups.get(c, p.principalId)).name };
  const u = await principals.users.get(c, p.principalId);
  // Declared as a service account but the id is a plain user (or the reverse): the server decides.
  return { kind: u.isServiceAccount ? "serviceAccount" : "user", name: u.login };
}

/**
 * The vault-type administrators (id → login) among the people the planned grants set below admin. Asks
 * the vault's type only when such a grant exists and goes to a person: administrators are never service
 * accounts, so a grant to one asks nothing more (users are cached for the process).
 */
async function demotableTypeAdministrators(
  c: PassworkClient,
  vaultId: string,
  directoryId: string,
  planned: DirectGrant[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const below = planned.filter(
    (g) =>
      g.directoryId === directoryId &&
      g.principalType === "user" &&
      g.level !== "admin" &&
      g.level !== "connect", // no level of its own: demotes nobody
  );
  const people: { id: string; login: string }[] = [];
  for (const g of below) {
    let u;
    try {
      u = await principals.users.get(c, g.principalId);
    } catch (err) {
      if (isNotFound(err)) continue; // named by the principal checks; not a vault-type administrator
      throw err;
    }
    if (!u.isServiceAccount) people.push({ id: u.id, login: u.login });
  }
  if (people.length === 0) return out;
  const admins = new Set(await vaultTypeAdministratorIds(c, vaultId));
  for (const p of people) if (admins.has(p.id)) out.set(p.id, p.login);
  return out;
}
