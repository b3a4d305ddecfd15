/** The type tokens of pulumi-passwork's resources: public API, in every URN (never renamed). */
const token = (type: string) => `pulumi-nodejs:dynamic/passwork:${type}`;

export const TYPES = {
  vault: token("Vault"),
  folder: token("Folder"),
  record: token("Record"),
  recordTag: token("RecordTag"),
  vaultAccess: token("VaultAccess"),
  folderAccess: token("FolderAccess"),
  accessPolicy: token("AccessPolicy"),
  group: token("Group"),
  serviceAccount: token("ServiceAccount"),
} as const;

/** The component type of `passwork.Layout`; its children are the resources above. */
export const LAYOUT_TYPE = "passwork:index:Layout";

export const ACCESS_LEVELS = ["forbidden", "read", "edit", "full", "admin"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const levelRank = (level: string): number => ACCESS_LEVELS.indexOf(level as AccessLevel);
/**
 * A grant's `level` may also be `connect` ("Connect without access", users only): a membership with no
 * level of its own, so it grants nothing a rule could cap (the level comes from elsewhere).
 */
export const CONNECT = "connect";
