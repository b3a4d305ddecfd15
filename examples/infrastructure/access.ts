// The service accounts of layout.ts and their least-privilege grants: folder grants only, never the
// vault, each at the lowest level the job needs (deploys read their environment, the rotator edits
// the credential folders, the health checker reads the database folders).
import * as passwork from "pulumi-passwork";
import { FolderPath, serviceAccounts } from "./layout";

export interface DeclaredAccess {
  accounts: Map<string, passwork.ServiceAccount>;
  grants: passwork.FolderAccess[];
}

export function declareAccess(folders: ReadonlyMap<FolderPath, passwork.Folder>, logicalName: (path: string) => string): DeclaredAccess {
  const accounts = new Map<string, passwork.ServiceAccount>();
  const grants: passwork.FolderAccess[] = [];
  for (const spec of serviceAccounts) {
    const account = new passwork.ServiceAccount(spec.login, { login: spec.login, fullName: `${spec.login}: ${spec.purpose}` });
    accounts.set(spec.login, account);
    for (const grant of spec.grants) {
      const folder = folders.get(grant.folder);
      if (folder === undefined) throw new Error(`service account ${spec.login}: folder "${grant.folder}" is not in layout.ts folderPaths`);
      grants.push(
        new passwork.FolderAccess(`${spec.login}@${logicalName(grant.folder)}`, {
          folderId: folder.id,
          principal: { serviceAccountId: account.id },
          level: grant.level,
        }),
      );
    }
  }
  return { accounts, grants };
}
