/**
 * passwork:VaultAccess — one direct grant on a vault to a user, group or service account.
 * Implementation shared with FolderAccess: provider/access/grant-resource.ts (endpoints, guards, ids).
 */
import { grantProvider } from "../access/grant-resource";

export const provider = grantProvider("vault");
