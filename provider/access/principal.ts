/**
 * The `principal` input of the access resources: exactly one of `{userId}`, `{groupId}`,
 * `{serviceAccountId}`. On the wire a service account is a user (`principalType: "user"`).
 */
import type { PrincipalType } from "./model";

export type PrincipalInput = { userId: string } | { groupId: string } | { serviceAccountId: string };
export const PRINCIPAL_KEYS = ["userId", "groupId", "serviceAccountId"] as const;
export type PrincipalKey = (typeof PRINCIPAL_KEYS)[number];

export interface WirePrincipal {
  principalType: PrincipalType;
  principalId: string;
  /** Which key the user declared (kept in state so a diff compares like with like). */
  declaredAs: PrincipalKey;
}

export function toWirePrincipal(p: PrincipalInput): WirePrincipal {
  if ("groupId" in p) return { principalType: "group", principalId: p.groupId, declaredAs: "groupId" };
  if ("serviceAccountId" in p)
    return { principalType: "user", principalId: p.serviceAccountId, declaredAs: "serviceAccountId" };
  return { principalType: "user", principalId: p.userId, declaredAs: "userId" };
}

/** `user:<id>` / `group:<id>`: the identity of a grant on one directory. */
export function principalKey(p: { principalType: PrincipalType; principalId: string }): string {
  return `${p.principalType}:${p.principalId}`;
}
