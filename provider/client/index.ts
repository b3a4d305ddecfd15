/** The client's public surface, used by provider/resources/ (see README.md). */
export { PassworkClient, type ClientOptions, type ClientStats } from "./core";
export type { HttpMethod, RequestOptions } from "./request";
export * from "./errors";
export { path, API_PREFIX, type ApiPath, PathParameterError } from "./path";
export { FileTokenStore, type StoredTokens, type TokenStore } from "./token-store";
export type { RefreshMode } from "./auth";
export type { RecordData, RecordWrite, CustomField, CustomFieldType } from "./codec";
export { CryptoError, MasterKeyRequiredError } from "./crypto/errors";
export { KeyChain } from "./crypto/keychain";
export { base32Rfc4648 } from "./crypto/base32";
export * as session from "./session";
export * as app from "./app";
export * as vaultTypes from "./vault-types";
export * as vaults from "./vaults";
export * as folders from "./folders";
export * as items from "./items";
export * as search from "./search";
export * as shortcuts from "./shortcuts";
export * as attachments from "./attachments";
export * as batch from "./batch";
export * as bin from "./bin";
export * as access from "./access";
export * as connectionRequests from "./connection-requests";
export * as principals from "./principals";
export * as activity from "./activity";
export * as keys from "./keys";
export type { DirectoryKind } from "./access";
export type { Vault, VaultType, AccessLevel, GrantLevel } from "../../protocol/vaults";
export type { Folder } from "../../protocol/folders";
export type { Item, ItemSummary } from "../../protocol/items";
export type { Grant, EffectiveAccessEntry } from "../../protocol/access-protocol";
export {
  AccessProtocolUnavailableError,
  accessProtocolReady,
  connectionRequestsReady,
  probeDescription,
} from "./access-protocol";
export type { User, Group, Role, PrincipalType, AuditEvent } from "../../protocol/access";
export type { BinEntry } from "../../protocol/bin";
