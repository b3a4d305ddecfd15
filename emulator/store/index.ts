/**
 * The emulator's store: state + business rules + access checks, no HTTP. Handlers call one method per
 * endpoint with the authenticated caller; every method either returns plain data or throws an
 * EmulatorError. `commit()` hands the request's changes to the journal (when persistent).
 */
import type {
  ConnectionApprovalParams,
  GrantParams,
  GroupCreateParams,
  GroupUpdateParams,
  ItemCreateParams,
  ItemSearchQuery,
  ItemUpdateParams,
  LinkCreateParams,
  ShortcutCreateParams,
  UserCreateParams,
  UserUpdateParams,
  VaultCreateParams,
} from "../../protocol";
import {
  LEVEL_RANK,
  chainOf,
  effectiveFor,
  effectiveForGroup,
  isTypeAdministrator,
  rankOf,
  requireLevel,
} from "./acl";
import { listAudit, type AuditFilter } from "./audit";
import { binView, listBin, restore } from "./bin";
import { StoreCore, type StoreOptions } from "./core";
import { accessDenied, notFound, validationError } from "./errors";
import { newObjectId, nowSeconds } from "./ids";
import { approveConnectionRequest, listConnectionRequests, pendingRequests } from "./connection-requests";
import { createFolder, deleteFolder, folderView, moveFolder, renameFolder, visibleFolders } from "./folders";
import { grantView, revokeFolderGrant, revokeVaultGrant, setFolderGrant, setVaultGrant } from "./grants";
import { createItem, deleteItem, itemView, moveItem, snapshotView, snapshotsOf, updateItem } from "./items";
import { dirOfItem, loadDirectory, loadFolder, loadItem, loadVault } from "./lookup";
import type { FolderRec, PrincipalKind, UserRec, VaultRec } from "./model";
import { Journal } from "./persistence";
import * as principals from "./principals";
import { searchItems } from "./search";
import {
  createLink,
  createShortcut,
  deleteShortcut,
  inboxView,
  loadShortcut,
  searchShortcuts,
  shortcutView,
} from "./shortcuts";
import { randomSalt } from "./seed-keys";
import { adminSecrets, findAdmin, seedBase } from "./seed";
import * as tokens from "./tokens";
import { APP_FEATURES, createVault, deleteVault, renameVault, vaultView, vaultVisible } from "./vaults";

export { EmulatorError } from "./errors";
export type { UserRec } from "./model";
export type { TokenPair } from "./tokens";

export class Store extends StoreCore {
  private journal: Journal | null = null;
  private pendingReset = false;

  constructor(options: StoreOptions) {
    super(options);
  }

  /** Fresh state, or the state found in `dataDir`. Returns the admin user. */
  async init(dataDir?: string): Promise<UserRec> {
    if (dataDir) {
      const { journal } = await Journal.open(dataDir, this.db);
      this.journal = journal;
    }
    const admin = findAdmin(this) ?? seedBase(this);
    await this.commit();
    return admin;
  }

  /** Journals what the current request changed; resolves when that is durable. */
  commit(): Promise<void> {
    const opts = { reset: this.pendingReset };
    this.pendingReset = false;
    const changes = this.db.takeChanges();
    if (!this.journal || (changes.length === 0 && !opts.reset)) return Promise.resolve();
    const durable = opts.reset === true || changes.some(([c]) => c !== "audit");
    return this.journal.append(changes, { durable, ...(opts.reset ? { reset: true } : {}) });
  }

  async close(): Promise<void> {
    this.db.takeChanges();
    await this.journal?.close();
    this.journal = null;
  }

  async compact(): Promise<void> {
    await this.journal?.compact();
  }

  /** CSE: the seeded admin's master key and password (to unlock its key pair); null otherwise. */
  adminSecrets() {
    return adminSecrets(this);
  }

  /** Control reset: everything goes, the base seed comes back. */
  reset(): UserRec {
    this.db.clear();
    this.pendingReset = true;
    return seedBase(this);
  }

  // ---- sessions ---------------------------------------------------------------------------------
  authenticate(accessToken: string | null): UserRec {
    return tokens.authenticate(this, accessToken);
  }
  mintPair(
    userId: string,
    ttl: { accessTokenTtlSeconds?: number | undefined; refreshTokenTtlSeconds?: number | undefined } = {},
  ) {
    principals.getUser(this, userId);
    return tokens.mintPair(this, userId, ttl);
  }
  expireToken(token: string): boolean {
    return tokens.expireToken(this, token);
  }
  refreshPair(accessToken: string | null, refreshToken: string) {
    const r = tokens.refreshPair(this, accessToken, refreshToken);
    this.audit(r.user, "session_refreshed", "user", r.user.id);
    return r.pair;
  }
  refreshAccessToken(accessToken: string) {
    const r = tokens.refreshAccessToken(this, accessToken);
    this.audit(r.user, "session_refreshed", "user", r.user.id, null, { kind: "accessToken" });
    return { accessToken: r.accessToken, accessTokenExpiredAt: r.accessTokenExpiredAt };
  }
  refreshRefreshToken(refreshToken: string) {
    const r = tokens.refreshRefreshToken(this, refreshToken);
    this.audit(r.user, "session_refreshed", "user", r.user.id, null, { kind: "refreshToken" });
    return { refreshToken: r.refreshToken, refreshTokenExpiredAt: r.refreshTokenExpiredAt };
  }

  // ---- app, vault types -------------------------------------------------------------------------
  features() {
    return APP_FEATURES.map((f) => ({ ...f }));
  }
  settings() {
    const c = {
      minLength: 8,
      isDigitsRequired: false,
      isUppercaseRequired: false,
      isSpecialCharactersRequired: false,
    };
    return {
      authPasswordComplexity: c,
      masterPasswordComplexity: { ...c, minLength: 12 },
      isClientSideEncryptionEnabled: this.cse,
    };
  }
  vaultTypes() {
    return [...this.db.all("vaultTypes")].map((t) => ({ id: t.id, name: t.name, code: t.code }));
  }
  vaultTypeAdministrators(typeId: string) {
    if (!this.db.get("vaultTypes", typeId)) throw notFound("Vault type");
    return [...this.db.all("users")]
      .filter((u) => isTypeAdministrator(this, u, typeId))
      .map((u) => ({ id: u.id, publicKey: u.keys?.public ?? null }));
  }

  // ---- vaults -----------------------------------------------------------------------------------
  listVaults(actor: UserRec) {
    return [...this.db.all("vaults")]
      .filter((v) => vaultVisible(this, actor, v))
      .map((v) => vaultView(this, actor, v));
  }
  getVault(actor: UserRec, id: string) {
    const v = this.db.get("vaults", id);
    if (!v) {
      loadVault(this, actor, id, "read");
      throw notFound("Vault");
    }
    if (!vaultVisible(this, actor, v)) throw accessDenied("this vault");
    return vaultView(this, actor, v);
  }
  createVault(actor: UserRec, p: VaultCreateParams) {
    return createVault(this, actor, p).id;
  }
  renameVault(actor: UserRec, id: string, name: string) {
    return vaultView(this, actor, renameVault(this, actor, loadVault(this, actor, id, "admin"), name));
  }
  deleteVault(actor: UserRec, id: string) {
    return deleteVault(this, actor, loadVault(this, actor, id, "admin"));
  }

  // ---- folders ----------------------------------------------------------------------------------
  private parentDir(
    actor: UserRec,
    vaultId: string,
    folderId: string | null | undefined,
    min: "edit" | "read",
    field: string,
  ): FolderRec | VaultRec {
    const vault = loadVaultOrField(this, actor, vaultId, folderId ? "read" : min);
    if (!folderId) {
      requireLevel(this, actor, vault, min, "this vault");
      return vault;
    }
    const f = this.db.get("folders", folderId);
    if (!f || f.vaultId !== vault.id)
      throw validationError(field, `no folder ${folderId} in vault ${vaultId}`);
    requireLevel(this, actor, f, min, "this folder");
    return f;
  }
  createFolder(
    actor: UserRec,
    p: { name: string; vaultId: string; parentFolderId?: string | null | undefined },
  ) {
    this.parentDir(actor, p.vaultId, p.parentFolderId, "edit", "parentFolderId");
    return createFolder(this, actor, p.vaultId, p.parentFolderId ?? null, p.name).id;
  }
  getFolder(actor: UserRec, id: string) {
    return folderView(this, loadFolder(this, actor, id, "read"));
  }
  listFolders(actor: UserRec, vaultId: string) {
    const v = this.db.get("vaults", vaultId);
    if (!v) throw validationError("vaultId", `no vault ${vaultId}`);
    if (!vaultVisible(this, actor, v)) throw accessDenied("this vault");
    return visibleFolders(this, actor, vaultId).map((f) => folderView(this, f));
  }
  searchFolders(actor: UserRec, query: string, vaultId: string | undefined) {
    const q = query.trim().toLowerCase();
    return [...this.db.all("folders")]
      .filter(
        (f) =>
          (vaultId === undefined || f.vaultId === vaultId) &&
          f.name.toLowerCase().includes(q) &&
          rankOf(this, actor, f) >= LEVEL_RANK.read,
      )
      .map((f) => folderView(this, f));
  }
  renameFolder(actor: UserRec, id: string, name: string) {
    return folderView(this, renameFolder(this, actor, loadFolder(this, actor, id, "edit"), name));
  }
  moveFolder(actor: UserRec, id: string, targetFolderId: string | null) {
    const f = loadFolder(this, actor, id, "full");
    let target: FolderRec | null = null;
    if (targetFolderId) {
      const t = this.db.get("folders", targetFolderId);
      if (!t) throw validationError("targetFolderId", `no folder ${targetFolderId}`);
      target = t;
      requireLevel(this, actor, t, "edit", "the target folder");
    } else {
      requireLevel(this, actor, loadVault(this, actor, f.vaultId, "read"), "edit", "the vault root");
    }
    return folderView(this, moveFolder(this, actor, f, target));
  }
  deleteFolder(actor: UserRec, id: string) {
    return deleteFolder(this, actor, loadFolder(this, actor, id, "edit"));
  }

  // ---- items ------------------------------------------------------------------------------------
  createItem(actor: UserRec, p: ItemCreateParams) {
    this.parentDir(actor, p.vaultId, p.folderId, "edit", "folderId");
    return createItem(this, actor, p).id;
  }
  getItem(actor: UserRec, id: string) {
    const i = loadItem(this, actor, id, "read");
    this.audit(actor, "item_viewed", "item", i.id, i.vaultId);
    return itemView(this, actor, i);
  }
  updateItem(actor: UserRec, id: string, p: ItemUpdateParams) {
    const cur = loadItem(this, actor, id, "edit");
    updateItem(this, actor, cur, p, (folderId) =>
      this.parentDir(actor, cur.vaultId, folderId, "edit", "folderId"),
    );
    return { id };
  }
  moveItem(actor: UserRec, id: string, vaultId: string, folderId: string | null) {
    const cur = loadItem(this, actor, id, "full");
    this.parentDir(actor, vaultId, folderId, "edit", "folderId");
    if (this.cse && vaultId !== cur.vaultId)
      throw validationError(
        "vaultId",
        "client-side encryption is on: moving to another vault needs the item key re-encrypted; create a copy in the target vault instead",
      );
    moveItem(this, actor, cur, vaultId, folderId);
    return { id };
  }
  deleteItem(actor: UserRec, id: string) {
    return deleteItem(this, actor, loadItem(this, actor, id, "edit"));
  }
  listItems(actor: UserRec, vaultId: string, folderId: string | undefined) {
    // Without folderId: every item of the vault the caller may read (also with folder-only access).
    const found = folderId
      ? [...this.db.all("items")].filter(
          (i) => i.folderId === this.parentDir(actor, vaultId, folderId, "read", "folderId").id,
        )
      : (loadVaultOrField(this, actor, vaultId, "read"), searchItems(this, actor, { vaultIds: [vaultId] }));
    return found.map((i) => itemView(this, actor, i));
  }
  snapshots(actor: UserRec, itemId: string) {
    loadItem(this, actor, itemId, "full");
    return snapshotsOf(this, itemId).map((x) => ({
      id: x.id,
      itemId: x.itemId,
      createdAt: x.createdAt,
      creatorId: x.creatorId,
    }));
  }
  snapshot(actor: UserRec, itemId: string, snapshotId: string) {
    loadItem(this, actor, itemId, "full");
    const snap = this.db.get("snapshots", snapshotId);
    if (!snap || snap.itemId !== itemId) throw notFound("Snapshot");
    return snapshotView(this, snap);
  }
  search(actor: UserRec, q: ItemSearchQuery) {
    return searchItems(this, actor, q).map((i) => itemView(this, actor, i));
  }
  getAttachment(actor: UserRec, itemId: string, attachmentId: string) {
    const i = loadItem(this, actor, itemId, "read");
    const a = (i.attachments ?? []).find((x) => x.id === attachmentId);
    if (!a) throw notFound("Attachment");
    return { ...a };
  }
  getSnapshotAttachment(actor: UserRec, snapshotId: string, attachmentId: string) {
    const snap = this.db.get("snapshots", snapshotId);
    if (!snap) throw notFound("Snapshot");
    loadItem(this, actor, snap.itemId, "full");
    const a = (snap.attachments ?? []).find((x) => x.id === attachmentId);
    if (!a) throw notFound("Attachment");
    return { ...a };
  }

  // ---- shortcuts, links, inbox ------------------------------------------------------------------
  createShortcut(actor: UserRec, p: ShortcutCreateParams) {
    const item = loadItem(this, actor, p.itemId, "read");
    this.parentDir(actor, p.vaultId, p.folderId, "edit", "folderId");
    return createShortcut(this, actor, item, p).id;
  }
  getShortcut(actor: UserRec, id: string) {
    const { sc, item } = loadShortcut(this, actor, id, "read");
    return shortcutView(this, actor, sc, item);
  }
  searchShortcuts(actor: UserRec, q: ItemSearchQuery) {
    return searchShortcuts(this, actor, q);
  }
  deleteShortcut(actor: UserRec, id: string) {
    const { sc, item } = loadShortcut(this, actor, id, "edit");
    return deleteShortcut(this, actor, sc, item);
  }
  createLink(actor: UserRec, p: LinkCreateParams, baseUrl: string) {
    loadItem(this, actor, p.itemId, "edit");
    if (p.shortcutId) loadShortcut(this, actor, p.shortcutId, "read");
    return createLink(this, actor, p, baseUrl);
  }
  getInboxItem(actor: UserRec, id: string) {
    const ib = this.db.get("inbox", id);
    if (!ib) throw notFound("Inbox item");
    if (ib.recipientId !== actor.id) throw accessDenied("this inbox item");
    const item = this.db.get("items", ib.itemId);
    if (!item) throw notFound("The inbox item's record");
    if (!ib.isViewed) this.db.put("inbox", { ...ib, isViewed: true });
    return inboxView(this, actor, ib, item);
  }
  /** Control plane: puts an item into a user's inbox (the vendor's send endpoint is not public). */
  seedInboxItem(p: {
    itemId: string;
    recipientId: string;
    senderId: string;
    keyEncrypted: string | null;
    access: "read" | "write";
  }) {
    if (!this.db.get("items", p.itemId)) throw validationError("itemId", `no item ${p.itemId}`);
    principals.getUser(this, p.recipientId);
    const sender = principals.getUser(this, p.senderId);
    if (this.cse && !p.keyEncrypted)
      throw validationError(
        "keyEncrypted",
        "client-side encryption is on: send the item key RSA-encrypted to the recipient",
      );
    const id = newObjectId();
    this.db.put("inbox", { id, ...p, createdAt: nowSeconds(), isViewed: false });
    this.audit(sender, "inboxItem_sent", "item", p.itemId, null, {
      inboxItemId: id,
      recipientId: p.recipientId,
    });
    return id;
  }

  // ---- bin --------------------------------------------------------------------------------------
  listBin(actor: UserRec, vaultId: string | undefined) {
    return listBin(this, actor, vaultId).map(binView);
  }
  restore(actor: UserRec, binItemId: string) {
    return restore(this, actor, binItemId);
  }

  // ---- access -----------------------------------------------------------------------------------
  listGrants(actor: UserRec, kind: "vault" | "folder", id: string) {
    const dir = kind === "vault" ? loadVault(this, actor, id, "full") : loadFolder(this, actor, id, "full");
    return dir.grants.map(grantView);
  }
  setGrant(actor: UserRec, kind: "vault" | "folder", id: string, p: GrantParams) {
    const g =
      kind === "vault"
        ? setVaultGrant(this, actor, loadVault(this, actor, id, "admin"), p)
        : setFolderGrant(this, actor, loadFolder(this, actor, id, "admin"), p);
    return grantView(g);
  }
  revokeGrant(
    actor: UserRec,
    kind: "vault" | "folder",
    id: string,
    principalType: PrincipalKind,
    principalId: string,
  ) {
    if (kind === "vault")
      revokeVaultGrant(this, actor, loadVault(this, actor, id, "admin"), principalType, principalId);
    else revokeFolderGrant(this, actor, loadFolder(this, actor, id, "admin"), principalType, principalId);
    return {};
  }
  effectiveAccess(
    actor: UserRec,
    directoryId: string,
    principal?: { principalType: PrincipalKind; principalId: string },
  ) {
    const dir = loadDirectory(this, actor, directoryId, "full");
    const chain = chainOf(this, dir);
    const out: { principalType: PrincipalKind; principalId: string; access: string; source: object }[] = [];
    const users = principal
      ? principal.principalType === "user"
        ? [principals.getUser(this, principal.principalId)]
        : []
      : [...this.db.all("users")];
    const groups = principal
      ? principal.principalType === "group"
        ? [principals.getGroup(this, principal.principalId)]
        : []
      : [...this.db.all("groups")];
    for (const u of users) {
      const e = effectiveFor(this, u, chain);
      if (e) out.push({ principalType: "user", principalId: u.id, access: e.access, source: e.source });
    }
    for (const g of groups) {
      const e = effectiveForGroup(chain, g.id);
      if (e) out.push({ principalType: "group", principalId: g.id, access: e.access, source: e.source });
    }
    return out;
  }

  // ---- requests for connection (client-side encryption) -----------------------------------------
  listConnectionRequests(
    actor: UserRec,
    q: { vaultId?: string | undefined; userGroupId?: string | undefined; userId?: string | undefined },
  ) {
    return listConnectionRequests(this, actor, q);
  }
  listVaultConnectionRequests(actor: UserRec, vaultId: string) {
    return pendingRequests(this, loadVault(this, actor, vaultId, "admin"));
  }
  approveConnectionRequest(actor: UserRec, vaultId: string, userId: string, p: ConnectionApprovalParams) {
    approveConnectionRequest(this, actor, loadVault(this, actor, vaultId, "admin"), userId, p);
    return {};
  }

  // ---- principals -------------------------------------------------------------------------------
  me(actor: UserRec) {
    return { ...principals.userView(this, actor), isTwoFactorAuthEnabled: false };
  }
  userKeys(actor: UserRec) {
    if (!this.cse || !actor.keys)
      throw notFound("User keys (client-side encryption is off or no keys were seeded)");
    return { id: actor.id, keys: { ...actor.keys } };
  }
  /** PBKDF2 parameters for a new user's master key (the vendor's defaults, a fresh salt). */
  newMasterKeyOptions() {
    return { salt: randomSalt(20), iterations: 300_000, bytes: 64, digest: "sha256" };
  }
  masterKeyOptions(actor: UserRec) {
    if (!this.cse || !actor.masterKeyOptions)
      throw notFound("Master key options (client-side encryption is off or none were seeded)");
    return { masterKeyOptions: actor.masterKeyOptions };
  }
  publicKey(id: string) {
    const u = principals.getUser(this, id);
    if (!u.keys) throw notFound("Public key");
    return { publicKey: u.keys.public };
  }
  listUsers(q: { login?: string | undefined; isServiceAccount?: boolean | undefined }) {
    return principals.listUsers(this, q).map((u) => principals.userView(this, u));
  }
  getUser(id: string) {
    return principals.userView(this, principals.getUser(this, id));
  }
  createUser(actor: UserRec | null, p: UserCreateParams) {
    return principals.createUser(this, actor, p).id;
  }
  updateUser(actor: UserRec, id: string, p: UserUpdateParams) {
    return principals.userView(this, principals.updateUser(this, actor, id, p));
  }
  deleteUser(actor: UserRec, id: string) {
    principals.deleteUser(this, actor, id);
    return {};
  }
  roleIdByCode(code: string) {
    return principals.roleByCode(this, code)?.id;
  }
  /**
   * Roles. `includeUserRole=0` leaves out the default `user` role; `isOnlyManageable=1` keeps the roles
   * the caller may assign (owners: all; admins: all but owner; others: none). Both are our reading of
   * the parameter names (docs/emulator.md).
   */
  roles(
    actor: UserRec,
    q: { includeUserRole?: boolean | undefined; isOnlyManageable?: boolean | undefined } = {},
  ) {
    const mine = principals.roleCodeOf(this, actor);
    return [...this.db.all("roles")]
      .filter((r) => q.includeUserRole !== false || r.code !== "user")
      .filter((r) => !q.isOnlyManageable || mine === "owner" || (mine === "admin" && r.code !== "owner"))
      .map((r) => ({ id: r.id, code: r.code, name: r.name }));
  }
  listGroups(name: string | undefined) {
    return [...this.db.all("groups")]
      .filter((g) => name === undefined || g.name === name)
      .map(principals.groupView);
  }
  getGroup(id: string) {
    return principals.groupView(principals.getGroup(this, id));
  }
  createGroup(actor: UserRec, p: GroupCreateParams) {
    return principals.createGroup(this, actor, p).id;
  }
  updateGroup(actor: UserRec, id: string, p: GroupUpdateParams) {
    return principals.groupView(principals.updateGroup(this, actor, id, p));
  }
  deleteGroup(actor: UserRec, id: string) {
    principals.deleteGroup(this, actor, id);
    return {};
  }
  activity(actor: UserRec, f: AuditFilter) {
    return listAudit(this, actor, f);
  }

  /** Used by items' directory lookups elsewhere (batch etc.). */
  dirOfItemId(id: string) {
    const i = this.db.get("items", id);
    return i ? dirOfItem(this, i) : undefined;
  }
}

/** A vaultId in a body that names no vault is a 400 on that field; an invisible one is a 403. */
function loadVaultOrField(s: Store, actor: UserRec, vaultId: string, min: "edit" | "read"): VaultRec {
  const v = s.db.get("vaults", vaultId);
  if (!v) throw validationError("vaultId", `no vault ${vaultId}`);
  if (!vaultVisible(s, actor, v)) throw accessDenied("this vault");
  void min;
  return v;
}
