/** zod input schemas and canonical forms shared by the access resources (grant.ts, access-policy.ts). */
import { z } from "zod";
import { ACCESS_LEVELS, type AccessLevel } from "../../access/levels";
import {
  PRINCIPAL_KEYS,
  toWirePrincipal,
  type PrincipalInput,
  type WirePrincipal,
} from "../../access/principal";
import { objectIdInput } from "../input-schemas";

const idOf = (what: string) => objectIdInput(what, "the id output of a passwork resource or lookup");

export const LevelInput = z.enum(ACCESS_LEVELS as [AccessLevel, ...AccessLevel[]], {
  error: `must be one of ${ACCESS_LEVELS.join(", ")}`,
});

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
