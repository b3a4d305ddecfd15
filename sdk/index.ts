/** pulumi-passwork: Passwork vaults, folders, records and tags as Pulumi resources. */
export { Vault, type VaultArgs } from "./vault";
export { Folder, type FolderArgs } from "./folder";
export { Record, RECORD_SECRET_OUTPUTS, type RecordArgs, type CustomFieldArgs, type GeneratePasswordArgs } from "./record";
export { RecordTag, type RecordTagArgs } from "./record-tag";
export { getVault, getFolder, getRecord, getSecrets, type RecordInfo, type SecretsResult, type FolderInfo, type VaultInfo, type SecretsSelection } from "./lookups";
export * from "./layout";
