/**
 * passwork:VaultAccess and passwork:FolderAccess — one direct grant of a level to one principal, or
 * `connect` ("Connect without access", users and service accounts only): a direct member with no level
 * of its own there (the level comes from a direct grant higher up, else from its groups). A group with
 * `connect` is refused at check: a group's "Not set" is no grant.
 *
 * Operations (rows of protocol/access-protocol.ts; this file knows no path):
 * create/update: set{Vault|Folder}Grant (an upsert; under client-side encryption the client adds the
 *                vault key wrapped for the grantee)
 * read:          list{Vault|Folder}Grants  (grant or directory gone → gone; 403 → error)
 * delete:        revoke{Vault|Folder}Grant
 * Preview: the access-protocol probe first (access/protocol-gate.ts), when the grant is new or changed.
 * Client-side encryption: a group grant that reads approves the requests for connection of the group's
 * members in the vault (access/connection-requests.ts; `passwork:connectionRequests`).
 * Replacement: the directory or the principal. A level change is an update.
 * Id: `<directoryId>:<user|group>:<principalId>`. A service account is a user on the wire.
 * Guards (check when inputs are known, and again before every change): lockout, last administrator,
 * `passwork:accessRules`; and the directory must not be managed by an AccessPolicy (access/claims.ts).
 */
import { z } from "zod";
import { access, principals, type DirectoryKind, type PassworkClient } from "../client";
import { providerContext } from "../config";
import { GuardrailError } from "../access/guardrails";
import { isGrantLevel, type GrantLevel } from "../access/levels";
import { withGrant } from "../access/policy-plan";
import { principalKey, type PrincipalInput } from "../access/principal";
import { claimDirectory, releaseDirectory } from "./access/claims";
import { approveCausedRequests, connectsMembers } from "./access/connection-requests";
import { guardChange, loadDirectoryState } from "./access/guard";
import { requireAccessProtocol } from "./access/protocol-gate";
import { canonicalPrincipal, connectForGroup, LevelInput, PrincipalInputSchema, wire } from "./access/inputs";
import { checkInputs, type CheckFailure } from "./check";
import { containsUnknown, describe, diffKeys, isUnknown, plain } from "./common";
import { objectIdInput } from "./input-schemas";
import { isNotFound, isOutcomeUnknown } from "./outcome";
import { clientForCheck } from "./preview-client";
import { resourceProvider } from "./skeleton";

/** The directory of a grant: `vaultId` for VaultAccess, `folderId` for FolderAccess. */
type Directory = { vaultId: string; folderId?: never } | { folderId: string; vaultId?: never };

export type GrantInputs = Directory & {
  principal: PrincipalInput;
  level: GrantLevel;
};

export type GrantOutputs = GrantInputs & {
  /** On the wire: "user" (users and service accounts) or "group". */
  principalType: "user" | "group";
  principalId: string;
  /** Marks the grant as held by a single-grant resource (see access/claims.ts). */
  managedBy: string;
};

/** The directory id of a grant's inputs or outputs. */
function directoryOf(o: Directory): string {
  return o.vaultId ?? o.folderId;
}

export function grantProvider(kind: DirectoryKind) {
  const dirKey = kind === "vault" ? "vaultId" : "folderId";
  const typeName = kind === "vault" ? "VaultAccess" : "FolderAccess";
  const Schema = z.strictObject({
    [dirKey]: objectIdInput(kind, `the id output of a passwork.${kind === "vault" ? "Vault" : "Folder"}`),
    principal: PrincipalInputSchema,
    level: LevelInput,
  });
  const directory = (id: string): Directory => (kind === "vault" ? { vaultId: id } : { folderId: id });

  const label = (dirId: string, p: PrincipalInput, level: unknown): string => {
    const w = wire(p);
    return `${typeName} (${w.declaredAs === "serviceAccountId" ? "service account" : w.principalType} ${w.principalId}: ${String(level)}) on ${kind} ${dirId}`;
  };
  const owner = (dirId: string, p: PrincipalInput): string => `${typeName}:${dirId}:${principalKey(wire(p))}`;

  function outputs(dirId: string, p: PrincipalInput, level: GrantLevel): GrantOutputs {
    const w = wire(p);
    return {
      ...directory(dirId),
      principal: p,
      level,
      principalType: w.principalType,
      principalId: w.principalId,
      managedBy: typeName,
    };
  }

  /** Guards the change of this one grant to `level` (undefined = revoke), then applies it. */
  async function apply(
    c: PassworkClient,
    dirId: string,
    p: PrincipalInput,
    level: GrantLevel | undefined,
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
    // Client-side encryption: the group's members wait for a request for connection to the vault.
    if (connectsMembers(w.principalType, level))
      await approveCausedRequests(c, providerContext().settings, {
        userGroupId: w.principalId,
        vaultId: state.view.vaultId,
      });
  }

  async function serverFailures(
    dirId: string,
    p: PrincipalInput,
    level: GrantLevel,
  ): Promise<CheckFailure[]> {
    const c = clientForCheck();
    if (c === undefined) return []; // no credentials at preview: checked again at create/update
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

  return resourceProvider<GrantInputs, GrantOutputs>({
    async check(olds, news) {
      const { raw, failures } = checkInputs(Schema, news);
      const groupConnect = connectForGroup(raw.principal, raw.level);
      if (groupConnect) failures.push({ property: "level", reason: groupConnect });
      const principal = canonicalPrincipal(raw.principal);
      const rawDirId = raw[dirKey];
      const dirId = typeof rawDirId === "string" ? rawDirId.trim() : rawDirId;
      const level = raw.level;
      const inputs = plain({ [dirKey]: dirId, principal: principal ?? raw.principal, level });
      const toGroup = principal !== undefined && "groupId" in principal;
      await requireAccessProtocol(
        olds,
        inputs,
        [],
        toGroup && isGrantLevel(level) && connectsMembers("group", level),
      );
      const known = typeof dirId === "string" && principal && isGrantLevel(level) && !containsUnknown(inputs);
      if (failures.length === 0 && known) {
        try {
          claimDirectory(dirId, "grant", owner(dirId, principal), label(dirId, principal, level));
        } catch (err) {
          failures.push({ property: dirKey, reason: describe(err) });
        }
        // The same directory, principal and level as the last inputs: nothing will be sent to the server,
        // so there is nothing to guard (a no-change `up` of N grants makes no request).
        if (failures.length === 0 && !unchangedSince(olds, inputs))
          failures.push(...(await serverFailures(dirId, principal, level)));
      }
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      const { changed } = diffKeys(olds, news, [dirKey, "principal", "level"], []);
      const replaces: string[] = [];
      if (changed.includes(dirKey)) replaces.push(dirKey);
      if (changed.includes("principal")) {
        const np = canonicalPrincipal(news.principal);
        // {userId: X} → {serviceAccountId: X} is the same grant: an update, not a replace (which would
        // create the "new" grant and then delete it with the old one).
        const same =
          np &&
          !containsUnknown(news.principal) &&
          principalKey(wire(np)) === principalKey(wire(olds.principal));
        if (!same) replaces.push("principal");
      }
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
      const dirId = directoryOf(inputs);
      const { principal: p, level } = inputs;
      claimDirectory(dirId, "grant", owner(dirId, p), label(dirId, p, level));
      const { client } = providerContext();
      await apply(client, dirId, p, level);
      const w = wire(p);
      return { id: `${dirId}:${w.principalType}:${w.principalId}`, outs: outputs(dirId, p, level) };
    },

    async read(id, state) {
      // Outputs name the directory; the id starts with it too (`<directoryId>:<type>:<principalId>`).
      const dirId = directoryOf(state) ?? id.split(":")[0]!;
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
      const dirId = directoryOf(news);
      const { principal: p, level } = news;
      claimDirectory(dirId, "grant", owner(dirId, p), label(dirId, p, level));
      const { client } = providerContext();
      if (isUnknown(level)) throw new Error("level is unknown at update time");
      await apply(client, dirId, p, level);
      return { outs: outputs(dirId, p, level) };
    },

    async delete(_id, state) {
      const dirId = directoryOf(state);
      const { client } = providerContext();
      try {
        await apply(client, dirId, state.principal, undefined);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      releaseDirectory(dirId, owner(dirId, state.principal));
    },
  });
}
