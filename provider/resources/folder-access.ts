/**
 * passwork:FolderAccess — one direct grant on a folder; it overrides what the folder inherits.
 * Implementation shared with VaultAccess: provider/resources/grant.ts (endpoints, guards, ids).
 */
import { grantProvider } from "./grant";

export const provider = grantProvider("folder");
