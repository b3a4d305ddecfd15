/** pulumi-passwork: Passwork vaults, folders, records and tags as Pulumi resources. */
export { Vault, type VaultArgs } from "./vault";
export { Folder, type FolderArgs } from "./folder";
export {
  Record,
  RECORD_SECRET_OUTPUTS,
  type RecordArgs,
  type CustomFieldArgs,
  type GeneratePasswordArgs,
  type ValueFrom,
} from "./record";
export { RecordTag, type RecordTagArgs } from "./record-tag";
export {
  getVault,
  getFolder,
  getRecord,
  getSecrets,
  type RecordInfo,
  type SecretsResult,
  type FolderInfo,
  type VaultInfo,
  type SecretsSelection,
} from "./lookups";
export * from "./layout";
export { VaultAccess, type VaultAccessArgs, type PrincipalArgs, type AccessLevelArg } from "./vault-access";
export { FolderAccess, type FolderAccessArgs } from "./folder-access";
export { AccessPolicy, type AccessPolicyArgs, type PolicyGrantArgs } from "./access-policy";
export { Group, type GroupArgs } from "./group";
export { ServiceAccount, type ServiceAccountArgs } from "./service-account";
export {
  getUser,
  getGroup,
  getServiceAccount,
  getRole,
  type UserInfo,
  type GroupInfo,
  type RoleInfo,
} from "./access-lookups";
export {
  effectiveAccess,
  type EffectiveAccessArgs,
  type EffectiveAccessResult,
  type AccessRow,
} from "./effective-access";
