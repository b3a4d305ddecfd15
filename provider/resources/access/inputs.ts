/** zod input schemas and canonical forms shared by the access resources (grant.ts, access-policy.ts). */
import { z } from "zod";
import { GRANT_LEVELS, type GrantLevel } from "../../access/levels";
import {
  PRINCIPAL_KEYS,
  toWirePrincipal,
  type PrincipalInput,
  type WirePrincipal,
} from "../../access/principal";
import { objectIdInput } from "../input-schemas";

const idOf = (what: string) => objectIdInput(what, "the id output of a passwork resource or lookup");

export const LevelInput = z.enum(GRANT_LEVELS as [GrantLevel, ...GrantLevel[]], {
  error: `must be one of ${GRANT_LEVELS.join(", ")} (connect = Connect without access, for users and service accounts)`,
});

/**
 * `connect` ("Connect without access") is a user's membership with no level of its own; a group has no
 * such state (its "Not set" is no grant at all). The message for a group declared with it, else undefined.
 */
export function connectForGroup(principal: unknown, level: unknown): string | undefined {
  const p = canonicalPrincipal(principal);
  if (level !== "connect" || p === undefined || !("groupId" in p)) return undefined;
  return (
    'connect ("Connect without access") is for users and service accounts; a group without a level is ' +
    '"Not set" in Passwork, which is no grant at all: remove this grant for the group, or give it a level'
  );
}

export const PrincipalInputSchema = z
  .strictObject({
    userId: idOf("user").optional(),
    groupId: idOf("group").optional(),
    serviceAccountId: idOf("service account").optional(),
  })
  .superRefine((p, ctx) => {
    const given = PRINCIPAL_KEYS.filter((k) => p[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `give exactly one of userId, groupId or serviceAccountId (got ${given.length ? given.join(" and ") : "none"}); use getUser/getGroup/getServiceAccount to find an id by login or name`,
      });
    }
  });

/** The checked principal: exactly one key, as declared. */
export function canonicalPrincipal(raw: unknown): PrincipalInput | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Record<string, unknown>;
  for (const k of PRINCIPAL_KEYS) {
    const v = r[k];
    if (typeof v === "string" && v.trim() !== "") return { [k]: v.trim() } as PrincipalInput;
  }
  return undefined;
}

export function wire(p: PrincipalInput): WirePrincipal {
  return toWirePrincipal(p);
}
