/**
 * passwork:FolderAccess — one direct grant on a folder; it overrides what the folder inherits.
 * Implementation shared with VaultAccess: provider/access/grant-resource.ts (endpoints, guards, ids).
 */
import { grantProvider } from "../access/grant-resource";

export const provider = grantProvider("folder");
