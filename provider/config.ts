/**
 * Provider settings, the names the resources, the sdk and the tests import. The settings live in
 * provider/settings/: schema.ts (every key, one zod schema), source.ts (configure(), the current
 * settings), client-options.ts and client-cache.ts (the process's one client).
 */
export {
  ProviderSettingsError,
  parseAllowedTags,
  resolveSettings,
  type FieldNamePolicy,
  type SecretsInState,
  type ProviderSettings,
  type SettingSource,
} from "./settings/schema";
export { defaultTokenStorePath } from "./settings/token-store-path";
export {
  configure,
  currentSettings,
  sourceFromHostConfig,
  useSettingSource,
  validationSettings,
} from "./settings/source";
export { clientOptions } from "./settings/client-options";
export { clientFor, closeClient, providerContext } from "./settings/client-cache";
