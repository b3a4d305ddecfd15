/**
 * passwork:AccessPolicy — the complete set of direct grants on one vault or folder (authoritative).
 *
 * Operations are rows of protocol/access-protocol.ts (this file knows no path):
 * create/update: set{Vault|Folder}Grant for each grant to add or change, then revoke{Vault|Folder}Grant
 *                for each undeclared grant (adds first, so the last-administrator rule is never hit
 *                half-way).
 * read:          list{Vault|Folder}Grants → the server's grants become the state; undeclared ones are listed in
 *                `willRemove`, declared ones changed or missing in `drift` (the next update fixes both).
 * check:         the access-protocol probe first (access/protocol-gate.ts) when the policy is new or
 *                changed; when the directory id is known and the provider is configured, also lists
 *                `willRemove` / `drift` from the server, so `pulumi preview --diff` shows which grants
 *                the update will remove (dynamic providers cannot send a detailed diff).
 *                Under client-side encryption, each declared group grant that reads approves the requests
 *                for connection of the group's members in the vault (access/connection-requests.ts).
 * delete:        leaves the directory's grants as they are (nothing is lost by default); stops managing.
 * Replacement: the directory. Id: `policy:<vault|folder>:<directoryId>`.
 * Mixing with VaultAccess/FolderAccess on the same directory is refused (access/claims.ts), and every
 * change passes the lockout / last-administrator guards and `passwork:accessRules`.
 */
import { z } from "zod";
import { access, type DirectoryKind, type PassworkClient } from "../client";
import { providerContext } from "../config";
import { GuardrailError } from "../access/guardrails";
import { isGrantLevel, type GrantLevel } from "../access/levels";
import type { DirectGrant } from "../access/model";
import { grantLabel, planPolicy, type GrantSpec } from "../access/policy-plan";
import { principalKey, type PrincipalInput } from "../access/principal";
import { claimDirectory, releaseDirectory } from "./access/claims";
import { approveCausedRequests, connectsMembers } from "./access/connection-requests";
import { guardChange, loadDirectoryState, type DirectoryState } from "./access/guard";
import { requireAccessProtocol } from "./access/protocol-gate";
import { canonicalPrincipal, connectForGroup, LevelInput, PrincipalInputSchema, wire } from "./access/inputs";
import { principalNames } from "./access/reads";
import { checkInputs } from "./check";
import { containsUnknown, describe, diffKeys, plain } from "./common";
import { objectIdInput } from "./input-schemas";
import { isNotFound, isOutcomeUnknown, PartialCreateError } from "./outcome";
import { clientForCheck } from "./preview-client";
import { resourceProvider } from "./skeleton";

export interface PolicyGrant {
  principal: PrincipalInput;
  /** A level, or `connect` (Connect without access: users and service accounts only). */
  level: GrantLevel;
}

/** The directory whose grants the policy owns: exactly one of the two ids. */
type Directory = { vaultId: string; folderId?: never } | { folderId: string; vaultId?: never };

/** check's inputs; with the server reachable at check, also what the next update will change. */
export type PolicyInputs = Directory & { grants: PolicyGrant[]; willRemove?: string[]; drift?: string[] };

export type PolicyOutputs = Directory & {
  grants: PolicyGrant[];
  /** Grants on the server that the policy does not declare (removed by the next update). */
  willRemove: string[];
  /** Declared grants missing or at another level on the server (restored by the next update). */
  drift: string[];
  /** Grants the last create/update removed. */
  removed: string[];
  managedBy: "AccessPolicy";
};

const PolicyInputsSchema = z
  .strictObject({
    vaultId: objectIdInput("vault").optional(),
    folderId: objectIdInput("folder").optional(),
    grants: z.array(z.strictObject({ principal: PrincipalInputSchema, level: LevelInput }), {
      error:
        "must be a list of {principal, level}; an empty list removes every direct grant (the guards keep an administrator)",
    }),
  })
  .superRefine((v, ctx) => {
    if ((v.vaultId === undefined) === (v.folderId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["vaultId"],
        message: "give exactly one of vaultId or folderId: the directory whose grants this policy owns",
      });
    }
    const seen = new Map<string, number>();
    v.grants.forEach((g, i) => {
      const groupConnect = connectForGroup(g.principal, g.level);
      if (groupConnect) ctx.addIssue({ code: "custom", path: ["grants", i, "level"], message: groupConnect });
      const p = canonicalPrincipal(g.principal);
      if (!p || containsUnknown(p)) return;
      const key = principalKey(wire(p));
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["grants", i, "principal"],
          message: `declares the same principal as grants[${first}]; a principal has one level per directory`,
        });
      } else seen.set(key, i);
    });
  });

interface Target {
  kind: DirectoryKind;
  key: "vaultId" | "folderId";
  id: string;
}

function target(o: { vaultId?: unknown; folderId?: unknown }): Target {
  if (typeof o.vaultId === "string") return { kind: "vault", key: "vaultId", id: o.vaultId };
  if (typeof o.folderId === "string") return { kind: "folder", key: "folderId", id: o.folderId };
  throw new Error("an AccessPolicy names exactly one of vaultId or folderId"); // check refuses anything else
}

const spec = (g: PolicyGrant): GrantSpec => {
  const w = wire(g.principal);
  return { principalType: w.principalType, principalId: w.principalId, level: g.level };
};

/** The server's grants as policy grants, keeping the key (userId/serviceAccountId) the program used. */
function asPolicyGrants(here: readonly DirectGrant[], declared: readonly PolicyGrant[]): PolicyGrant[] {
  const declaredAs = new Map(declared.map((g) => [principalKey(wire(g.principal)), g.principal]));
  return here
    .map((g) => ({
      principal:
        declaredAs.get(principalKey(g)) ??
        ((g.principalType === "group"
          ? { groupId: g.principalId }
          : { userId: g.principalId }) as PrincipalInput),
      level: g.level,
    }))
    .sort((a, b) => principalKey(wire(a.principal)).localeCompare(principalKey(wire(b.principal))));
}

async function pending(c: PassworkClient, here: readonly DirectGrant[], declared: readonly PolicyGrant[]) {
  const plan = planPolicy(here, declared.map(spec));
  const nameOf = await principalNames(c, [...here, ...declared.map(spec)]);
  return {
    plan,
    willRemove: plan.remove.map((g) => grantLabel(g, nameOf)),
    drift: [
      ...plan.add.map((g) => `${grantLabel(g, nameOf)} (missing)`),
      ...plan.change.map((ch) => `${grantLabel(ch.to, nameOf)} (is ${ch.from.level})`),
    ].sort(),
    nameOf,
  };
}

async function applyPolicy(
  c: PassworkClient,
  kind: DirectoryKind,
  dirId: string,
  declared: PolicyGrant[],
): Promise<string[]> {
  const state: DirectoryState = await loadDirectoryState(c, kind, dirId);
  const planned: DirectGrant[] = declared.map((g) => ({ directoryId: dirId, ...spec(g) }));
  const { plan, willRemove } = await pending(c, state.here, declared);
  const touched = [...plan.add, ...plan.change.map((ch) => ch.to)].map((g) => ({
    principal: { principalType: g.principalType, principalId: g.principalId, declaredAs: "userId" as const },
    level: g.level,
  }));
  await guardChange(c, dirId, state, planned, touched);
  for (const g of [...plan.add, ...plan.change.map((ch) => ch.to)]) {
    const grant = { principalType: g.principalType, principalId: g.principalId, access: g.level };
    try {
      await access.setGrant(c, kind, dirId, grant);
    } catch (err) {
      if (!isOutcomeUnknown(err)) throw err;
      await access.setGrant(c, kind, dirId, grant); // an upsert: repeating cannot duplicate
    }
  }
  for (const g of plan.remove) {
    try {
      await access.revokeGrant(c, kind, dirId, g.principalType, g.principalId);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  // Client-side encryption: members of the declared groups wait for a request for connection to the vault.
  for (const g of planned)
    if (connectsMembers(g.principalType, g.level))
      await approveCausedRequests(c, providerContext().settings, {
        userGroupId: g.principalId,
        vaultId: state.view.vaultId,
      });
  return willRemove;
}

function canonicalGrants(raw: unknown): unknown {
  if (!Array.isArray(raw)) return raw;
  const out = raw.map((g) => {
    const r: Record<string, unknown> = { ...g };
    return { principal: canonicalPrincipal(r.principal) ?? r.principal, level: r.level };
  });
  if (containsUnknown(out)) return out;
  return out.sort((a, b) => {
    const ka = a.principal && typeof a.principal === "object" ? JSON.stringify(a.principal) : "";
    const kb = b.principal && typeof b.principal === "object" ? JSON.stringify(b.principal) : "";
    return ka.localeCompare(kb);
  });
}

/** Whether a grant gives a group a level that reads: its members may wait for requests for connection. */
function connectsSomeGroup(grants: unknown): boolean {
  return (
    Array.isArray(grants) &&
    grants.some((g: Partial<Record<string, unknown>>) => {
      const principal = canonicalPrincipal(g?.principal);
      return (
        principal !== undefined &&
        "groupId" in principal &&
        isGrantLevel(g?.level) &&
        connectsMembers("group", g.level)
      );
    })
  );
}

/** True for grants check accepted (canonical principal, known level). */
function isPolicyGrants(v: unknown): v is PolicyGrant[] {
  return (
    Array.isArray(v) &&
    v.every((g: Partial<Record<string, unknown>>) => {
      const principal = canonicalPrincipal(g?.principal);
      return principal !== undefined && isGrantLevel(g?.level);
    })
  );
}

export const provider = resourceProvider<PolicyInputs, PolicyOutputs>({
  async check(olds, news) {
    const { raw, failures } = checkInputs(PolicyInputsSchema, news, {
      outputs: ["willRemove", "drift", "removed", "managedBy"],
    });
    const inputs: Record<string, unknown> = plain({
      vaultId: typeof raw.vaultId === "string" ? raw.vaultId.trim() : raw.vaultId,
      folderId: typeof raw.folderId === "string" ? raw.folderId.trim() : raw.folderId,
      grants: canonicalGrants(raw.grants),
    });
    await requireAccessProtocol(olds, inputs, ["willRemove", "drift"], connectsSomeGroup(inputs.grants));
    const declared = inputs.grants;
    if (failures.length || containsUnknown(inputs) || !isPolicyGrants(declared)) return { inputs, failures };
    const t = target(inputs);
    try {
      claimDirectory(t.id, "policy", `AccessPolicy:${t.id}`, `AccessPolicy on ${t.kind} ${t.id}`);
    } catch (err) {
      return { inputs, failures: [{ property: t.key, reason: describe(err) }] };
    }
    const c = clientForCheck();
    if (c === undefined) return { inputs, failures }; // no credentials at preview: checked again at apply
    try {
      const state = await loadDirectoryState(c, t.kind, t.id);
      const p = await pending(c, state.here, declared);
      inputs.willRemove = p.willRemove;
      inputs.drift = p.drift;
      const touched = [...p.plan.add, ...p.plan.change.map((ch) => ch.to), ...p.plan.keep].map((g) => ({
        principal: {
          principalType: g.principalType,
          principalId: g.principalId,
          declaredAs: "userId" as const,
        },
        level: g.level,
      }));
      await guardChange(
        c,
        t.id,
        state,
        declared.map((g) => ({ directoryId: t.id, ...spec(g) })),
        touched,
      );
    } catch (err) {
      if (err instanceof GuardrailError) failures.push({ property: "grants", reason: err.message });
      else if (isNotFound(err))
        failures.push({
          property: t.key,
          reason: `no ${t.kind} with this id is visible to the provider's identity; check the id`,
        });
      else throw err;
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    const keys = [
      "vaultId",
      "folderId",
      "grants",
      ...(news.willRemove !== undefined ? ["willRemove"] : []),
      ...(news.drift !== undefined ? ["drift"] : []),
    ];
    const { changed } = diffKeys(olds, news, keys, []);
    const replaces = changed.filter((k) => k === "vaultId" || k === "folderId");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs) {
    const t = target(inputs);
    const declared = inputs.grants;
    claimDirectory(t.id, "policy", `AccessPolicy:${t.id}`, `AccessPolicy on ${t.kind} ${t.id}`);
    const { client } = providerContext();
    const id = `policy:${t.kind}:${t.id}`;
    let removed: string[];
    try {
      removed = await applyPolicy(client, t.kind, t.id, declared);
    } catch (err) {
      if (err instanceof GuardrailError) throw err; // refused before any change
      // Some grants may be set: record the resource so the next update finishes the job.
      throw new PartialCreateError(
        `AccessPolicy on ${t.kind} ${t.id} was partly applied: ${describe(err)}`,
        id,
        outputs(t, declared, []),
      );
    }
    return { id, outs: outputs(t, declared, removed) };
  },

  async read(id, state) {
    const t = target(state);
    const { client } = providerContext();
    let dir: DirectoryState;
    try {
      dir = await loadDirectoryState(client, t.kind, t.id);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
    const declared = state.grants ?? [];
    const p = await pending(client, dir.here, declared);
    const actual = asPolicyGrants(dir.here, declared);
    const next: PolicyOutputs = {
      ...outputs(t, actual, state.removed ?? []),
      willRemove: p.willRemove,
      drift: p.drift,
    };
    return { id, props: next, inputs: { [t.key]: t.id, grants: actual } };
  },

  async update(_id, _olds, news) {
    const t = target(news);
    claimDirectory(t.id, "policy", `AccessPolicy:${t.id}`, `AccessPolicy on ${t.kind} ${t.id}`);
    const { client } = providerContext();
    const removed = await applyPolicy(client, t.kind, t.id, news.grants);
    return { outs: outputs(t, news.grants, removed) };
  },

  async delete(_id, state) {
    const t = target(state);
    releaseDirectory(t.id, `AccessPolicy:${t.id}`);
  },
});

/** Outputs after a create/update: nothing pending (read fills `willRemove` and `drift` from the server). */
function outputs(t: Target, grants: PolicyGrant[], removed: string[]): PolicyOutputs {
  const directory: Directory = t.key === "vaultId" ? { vaultId: t.id } : { folderId: t.id };
  return { ...directory, grants, willRemove: [], drift: [], removed, managedBy: "AccessPolicy" };
}
