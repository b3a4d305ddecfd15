/**
 * passwork:VaultAccess — one direct grant on a vault to a user, group or service account.
 * Implementation shared with FolderAccess: provider/resources/grant.ts (endpoints, guards, ids).
 */
import { grantProvider } from "./grant";

export const provider = grantProvider("vault");
