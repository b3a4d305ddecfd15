/** The reference layout as plain data: vault infrastructure with production (+databases), staging, development. */
import { DirectoryTree, type DirectGrant, type PrincipalInfo } from "../../../provider/access/model";
import type { GrantLevel } from "../../../provider/access/levels";

export const ids = {
  vault: "a00000000000000000000001",
  production: "f00000000000000000000001",
  databases: "f00000000000000000000002",
  staging: "f00000000000000000000003",
  development: "f00000000000000000000004",
  admin: "e00000000000000000000000",
  alice: "e00000000000000000000001",
  deployProd: "e00000000000000000000002",
  healthChecker: "e00000000000000000000003",
  platform: "b00000000000000000000001",
  developers: "b00000000000000000000002",
  readonly: "b00000000000000000000003",
};

export function tree(): DirectoryTree {
  return new DirectoryTree([
    { id: ids.vault, kind: "vault", name: "infrastructure", parentId: null },
    { id: ids.production, kind: "folder", name: "production", parentId: ids.vault },
    { id: ids.databases, kind: "folder", name: "databases", parentId: ids.production },
    { id: ids.staging, kind: "folder", name: "staging", parentId: ids.vault },
    { id: ids.development, kind: "folder", name: "development", parentId: ids.vault },
  ]);
}

export function grant(
  directoryId: string,
  principalType: "user" | "group",
  principalId: string,
  level: GrantLevel,
): DirectGrant {
  return { directoryId, principalType, principalId, level };
}

export const principals: PrincipalInfo[] = [
  { type: "user", id: ids.admin, kind: "user", name: "pulumi-bot", groupIds: [] },
  { type: "user", id: ids.alice, kind: "user", name: "alice", groupIds: [ids.platform, ids.developers] },
  { type: "user", id: ids.deployProd, kind: "serviceAccount", name: "deploy-prod-svc", groupIds: [] },
  { type: "user", id: ids.healthChecker, kind: "serviceAccount", name: "health-checker", groupIds: [] },
  { type: "group", id: ids.platform, kind: "group", name: "platform", groupIds: [] },
  { type: "group", id: ids.developers, kind: "group", name: "developers", groupIds: [] },
  { type: "group", id: ids.readonly, kind: "group", name: "read<only>", groupIds: [] },
];

export const nameOf = (type: "user" | "group", id: string): string =>
  principals.find((p) => p.type === type && p.id === id)?.name ?? id;
