/**
 * passwork:VaultAccess and passwork:FolderAccess — one direct grant of a level to one principal.
 *
 * create/update: POST /api/v1/{vaults|folders}/{id}/access (an upsert; under client-side encryption
 *                the client adds the vault key wrapped for the grantee)
 * read:          GET  /api/v1/{vaults|folders}/{id}/access  (grant or directory gone → gone; 403 → error)
 * delete:        DELETE /api/v1/{vaults|folders}/{id}/access/{principalType}/{principalId}
 * Replacement: the directory or the principal. A level change is an update.
 * Id: `<directoryId>:<user|group>:<principalId>`. A service account is a user on the wire.
 * Guards (check when inputs are known, and again before every change): lockout, last administrator,
 * `passwork:accessRules`; and the directory must not be managed by an AccessPolicy (claims.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { access, principals, type DirectoryKind, type PassworkClient } from "../client";
import { providerContext, ProviderSettingsError } from "../config";
import { diffKeys, failuresFrom, isUnknown, plain, containsUnknown, type CheckFailure } from "./common";
import { isNotFound, isOutcomeUnknown } from "./outcome";
import { guardChange, loadDirectoryState, withGrant } from "../access/apply";
import { claimDirectory, releaseDirectory } from "../access/claims";
import { GuardrailError } from "../access/guardrails";
import { canonicalPrincipal, LevelInput, PrincipalInputSchema, wire } from "../access/inputs";
import type { AccessLevel } from "../access/levels";
import { principalKey, type PrincipalInput } from "../access/principal";

export interface GrantOutputs {
  principal: PrincipalInput;
  level: AccessLevel;
  /** On the wire: "user" (users and service accounts) or "group". */
  principalType: "user" | "group";
  principalId: string;
  /** Marks the grant as held by a single-grant resource (see claims.ts). */
  managedBy: string;
  vaultId?: string;
  folderId?: string;
}

export function grantProvider(kind: DirectoryKind): pulumi.dynamic.ResourceProvider {
  const dirKey = kind === "vault" ? "vaultId" : "folderId";
  const typeName = kind === "vault" ? "VaultAccess" : "FolderAccess";
  const Schema = z.strictObject({
    [dirKey]: z
      .string({
        error: `must be a string: the id of the ${kind} (e.g. the id output of a passwork.${kind === "vault" ? "Vault" : "Folder"})`,
      })
      .regex(/^[0-9a-f]{24}$/, `must be a Passwork ${kind} id (24 lowercase hex characters)`),
    principal: PrincipalInputSchema,
    level: LevelInput,
  });

  const label = (dirId: string, p: PrincipalInput, level: unknown): string => {
    const w = wire(p);
    return `${typeName} (${w.declaredAs === "serviceAccountId" ? "service account" : w.principalType} ${w.principalId}: ${String(level)}) on ${kind} ${dirId}`;
  };
  const owner = (dirId: string, p: PrincipalInput): string => `${typeName}:${dirId}:${principalKey(wire(p))}`;

  function outputs(dirId: string, p: PrincipalInput, level: AccessLevel): GrantOutputs {
    const w = wire(p);
    return {
      [dirKey]: dirId,
      principal: p,
      level,
      principalType: w.principalType,
      principalId: w.principalId,
      managedBy: typeName,
    } as GrantOutputs;
  }

  /** Guards the change of this one grant to `level` (undefined = revoke), then applies it. */
  async function apply(
    c: PassworkClient,
    dirId: string,
    p: PrincipalInput,
    level: AccessLevel | undefined,
  ): Promise<void> {
    const w = wire(p);
    const state = await loadDirectoryState(c, kind, dirId, true);
    await guardChange(
      c,
      dirId,
      state,
      withGrant(state.here, dirId, w, level),
      level === undefined ? [] : [{ principal: w, level }],
    );
    if (level === undefined) {
      await access.revokeGrant(c, kind, dirId, w.principalType, w.principalId);
      return;
    }
    const grant = { principalType: w.principalType, principalId: w.principalId, access: level };
    try {
      await access.setGrant(c, kind, dirId, grant);
    } catch (err) {
      // Setting a grant is an upsert: repeating it cannot duplicate anything, so an unknown outcome is
      // resolved by sending it once more (rule 9 is about creates that could duplicate).
      if (!isOutcomeUnknown(err)) throw err;
      await access.setGrant(c, kind, dirId, grant);
    }
  }

  async function serverFailures(
    dirId: string,
    p: PrincipalInput,
    level: AccessLevel,
  ): Promise<CheckFailure[]> {
    let c: PassworkClient;
    try {
      c = providerContext().client;
    } catch (err) {
      if (err instanceof ProviderSettingsError) return []; // no credentials at preview: checked again at create/update
      throw err;
    }
    try {
      const w = wire(p);
      // A grant to nobody would fail only at create: name the principal at preview instead.
      try {
        if (w.principalType === "group") await principals.groups.get(c, w.principalId);
        else await principals.users.get(c, w.principalId);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return [
          {
            property: "principal",
            reason: `no ${w.principalType === "group" ? "group" : "user or service account"} with id ${w.principalId} exists; check the id (getUser / getGroup / getServiceAccount)`,
          },
        ];
      }
      const state = await loadDirectoryState(c, kind, dirId, true);
      await guardChange(c, dirId, state, withGrant(state.here, dirId, w, level), [{ principal: w, level }]);
      return [];
    } catch (err) {
      if (err instanceof GuardrailError) return [{ property: "level", reason: err.message }];
      if (isNotFound(err))
        return [
          {
            property: dirKey,
            reason: `no ${kind} with this id is visible to the provider's identity; check the id`,
          },
        ];
      throw err;
    }
  }

  /** The guarded inputs equal the previous ones (olds are {} on a create). */
  function unchangedSince(olds: Record<string, unknown>, inputs: Record<string, unknown>): boolean {
    const prev = canonicalPrincipal(olds.principal);
    if (typeof olds[dirKey] !== "string" || olds.level === undefined || !prev) return false;
    return (
      olds[dirKey] === inputs[dirKey] &&
      olds.level === inputs.level &&
      JSON.stringify(prev) === JSON.stringify(inputs.principal)
    );
  }

  return {
    async check(olds, news) {
      const { __provider: _p, ...raw } = news;
      const parsed = Schema.safeParse(raw);
      const failures = parsed.success ? [] : failuresFrom(parsed.error, raw);
      const principal = canonicalPrincipal(raw.principal);
      const inputs = plain({
        [dirKey]: typeof raw[dirKey] === "string" ? (raw[dirKey] as string).trim() : raw[dirKey],
        principal: principal ?? raw.principal,
        level: raw.level,
      });
      if (failures.length === 0 && principal && !containsUnknown(inputs)) {
        const dirId = inputs[dirKey] as string;
        try {
          claimDirectory(dirId, "grant", owner(dirId, principal), label(dirId, principal, raw.level));
        } catch (err) {
          failures.push({ property: dirKey, reason: (err as Error).message });
        }
        // The same directory, principal and level as the last inputs: nothing will be sent to the server,
        // so there is nothing to guard (a no-change `up` of N grants makes no request).
        if (failures.length === 0 && !unchangedSince(olds, inputs))
          failures.push(...(await serverFailures(dirId, principal, raw.level as AccessLevel)));
      }
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      const o = olds as unknown as GrantOutputs;
      const n = news as Record<string, unknown>;
      const { changed } = diffKeys(olds, news, [dirKey, "principal", "level"], []);
      const replaces: string[] = [];
      if (changed.includes(dirKey)) replaces.push(dirKey);
      if (changed.includes("principal")) {
        const np = canonicalPrincipal(n.principal);
        // {userId: X} → {serviceAccountId: X} is the same grant: an update, not a replace (which would
        // create the "new" grant and then delete it with the old one).
        const same =
          np && !containsUnknown(n.principal) && principalKey(wire(np)) === principalKey(wire(o.principal));
        if (!same) replaces.push("principal");
      }
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(raw) {
      const dirId = raw[dirKey] as string;
      const p = raw.principal as PrincipalInput;
      const level = raw.level as AccessLevel;
      claimDirectory(dirId, "grant", owner(dirId, p), label(dirId, p, level));
      const { client } = providerContext();
      await apply(client, dirId, p, level);
      const w = wire(p);
      return { id: `${dirId}:${w.principalType}:${w.principalId}`, outs: outputs(dirId, p, level) };
    },

    async read(id, props) {
      const state = props as unknown as GrantOutputs;
      const dirId = (state[dirKey] as string | undefined) ?? id.split(":")[0]!;
      const { client } = providerContext();
      let grants;
      try {
        grants = await access.listGrants(client, kind, dirId);
      } catch (err) {
        if (isNotFound(err)) return {};
        throw err;
      }
      const w = wire(state.principal);
      const found = grants.find(
        (g) => g.principalType === w.principalType && g.principalId === w.principalId,
      );
      if (!found) return {};
      // A level changed outside Pulumi shows as drift; the next update sets the declared level again.
      const next = outputs(dirId, state.principal, found.access);
      return {
        id,
        props: next,
        inputs: { [dirKey]: dirId, principal: state.principal, level: found.access },
      };
    },

    async update(_id, _olds, news) {
      const dirId = news[dirKey] as string;
      const p = news.principal as PrincipalInput;
      const level = news.level as AccessLevel;
      claimDirectory(dirId, "grant", owner(dirId, p), label(dirId, p, level));
      const { client } = providerContext();
      if (isUnknown(level)) throw new Error("level is unknown at update time");
      await apply(client, dirId, p, level);
      return { outs: outputs(dirId, p, level) };
    },

    async delete(_id, props) {
      const state = props as unknown as GrantOutputs;
      const dirId = state[dirKey] as string;
      const { client } = providerContext();
      try {
        await apply(client, dirId, state.principal, undefined);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      releaseDirectory(dirId, owner(dirId, state.principal));
    },
  };
}
