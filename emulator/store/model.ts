/**
 * Record types the store keeps. They are plain JSON (journaled and snapshotted as is), never wire
 * objects: `views.ts` builds the wire shapes from them for the caller.
 */
import type { GrantLevel } from "../../protocol";

export type PrincipalKind = "user" | "group";

export interface RoleRec {
  id: string;
  code: string;
  name: string;
}
export interface VaultTypeRec {
  id: string;
  code: string;
  name: string;
}

export interface UserRec {
  id: string;
  login: string;
  fullName: string;
  email: string | null;
  isServiceAccount: boolean;
  isBlocked: boolean;
  userRoleId: string;
  /** CSE key material supplied by whoever seeded the user; opaque here. */
  keys: { public: string; privateEncrypted: string } | null;
  masterKeyOptions: string | null;
  createdAt: number;
}

export interface GroupRec {
  id: string;
  name: string;
  description: string | null;
  userIds: string[];
}

export interface GrantRec {
  principalType: PrincipalKind;
  principalId: string;
  /** A level, or `connect` (users only): a direct member with no level of its own here. */
  access: GrantLevel;
  grantedAt: number;
  grantedBy: string;
}

export interface VaultRec {
  id: string;
  name: string;
  typeId: string | null;
  grants: GrantRec[];
  /** CSE: the vault key encrypted to each user (userId → opaque blob). */
  userKeys: Record<string, string>;
  masterKeyHash: string | null;
  salt: string | null;
  createdAt: number;
  creatorId: string;
}

export interface FolderRec {
  id: string;
  name: string;
  vaultId: string;
  parentFolderId: string | null;
  grants: GrantRec[];
  createdAt: number;
}

export interface CustomRec {
  name: string;
  value: string;
  type: string;
}

/** An attachment as uploaded (opaque to the emulator); reads list `{id, encryptedKey, name}` only. */
export interface AttachmentRec {
  id: string;
  name: string;
  encryptedKey: string;
  encryptedData: string;
  hash: string;
}

export interface ItemRec {
  id: string;
  vaultId: string;
  folderId: string | null;
  name: string;
  login: string;
  url: string;
  description: string | null;
  passwordEncrypted: string | null;
  keyEncrypted: string | null;
  customs: CustomRec[];
  attachments: AttachmentRec[];
  tags: string[];
  color: number;
  createdAt: number;
  updatedAt: number;
  creatorId: string;
}

export interface SnapshotRec extends Omit<ItemRec, "createdAt" | "updatedAt" | "creatorId" | "id"> {
  id: string;
  itemId: string;
  creatorId: string;
  createdAt: number;
}

/** A shortcut: a reference to an item placed in another vault/folder (CSE: the item key re-wrapped). */
export interface ShortcutRec {
  id: string;
  itemId: string;
  vaultId: string;
  folderId: string | null;
  keyEncrypted: string | null;
  creatorId: string;
  createdAt: number;
}

/** A shared link (`POST /links`); the emulator keeps what the client sent, opaquely. */
export interface LinkRec {
  id: string;
  itemId: string;
  shortcutId: string | null;
  itemData: Record<string, unknown>;
  keyHash: string | null;
  keyEncrypted: string | null;
  type: string;
  expirationTime: string;
  creatorId: string;
  createdAt: number;
}

/** An item sent to a user's inbox (seeded through the control plane; the vendor's send endpoint is not public). */
export interface InboxRec {
  id: string;
  itemId: string;
  recipientId: string;
  senderId: string;
  /** CSE: the item key RSA-encrypted to the recipient; null with encryption off. */
  keyEncrypted: string | null;
  access: "read" | "write";
  createdAt: number;
  isViewed: boolean;
}

/** Tokens are stored by SHA-256 hash, never in plaintext. */
export interface TokenRec {
  id: string; // sha256 hex of the token
  kind: "access" | "refresh";
  pairId: string;
  userId: string;
  expiresAt: number;
}

export interface BinRec {
  id: string;
  objectType: "item" | "folder" | "vault" | "shortcut";
  objectId: string;
  name: string;
  vaultId: string;
  /** Parent folder at deletion (items/folders), for restore. */
  parentFolderId: string | null;
  deletedAt: number;
  deletedBy: string;
  /** Everything that went to the bin as one unit. */
  vault: VaultRec | null;
  folders: FolderRec[];
  items: ItemRec[];
  /** Shortcuts that went with the unit (in its folders, or pointing at its items). */
  shortcuts?: ShortcutRec[];
}

export interface AuditRec {
  id: string;
  createdAt: number;
  userId: string;
  login: string;
  action: string;
  objectType: string;
  objectId: string;
  vaultId?: string;
  details?: Record<string, unknown>;
}
