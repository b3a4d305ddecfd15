// The service accounts and teams of layout.ts and their grants: folder grants only, never the vault,
// each at the lowest level the job needs (deploys read their environment, the rotator edits
// production and staging, the health checker reads every environment; the platform team has full
// access to production and staging, developers edit development).
import * as passwork from "pulumi-passwork";
import { FolderPath, GrantSpec, groups, serviceAccounts } from "./layout";

export interface DeclaredAccess {
  accounts: Map<string, passwork.ServiceAccount>;
  teams: Map<string, passwork.Group>;
  grants: passwork.FolderAccess[];
}

export function declareAccess(
  folders: ReadonlyMap<FolderPath, passwork.Folder>,
  logicalName: (path: string) => string,
): DeclaredAccess {
  const grants: passwork.FolderAccess[] = [];
  const grant = (who: string, principal: passwork.FolderAccessArgs["principal"], spec: GrantSpec) => {
    const folder = folders.get(spec.folder);
    if (folder === undefined)
      throw new Error(`${who}: folder "${spec.folder}" is not in layout.ts folderPaths`);
    grants.push(
      new passwork.FolderAccess(`${who}@${logicalName(spec.folder)}`, {
        folderId: folder.id,
        principal,
        level: spec.level,
      }),
    );
  };

  const accounts = new Map<string, passwork.ServiceAccount>();
  for (const spec of serviceAccounts) {
    const account = new passwork.ServiceAccount(spec.login, {
      login: spec.login,
      fullName: `${spec.login}: ${spec.purpose}`,
    });
    accounts.set(spec.login, account);
    for (const g of spec.grants) grant(spec.login, { serviceAccountId: account.id }, g);
  }
  const teams = new Map<string, passwork.Group>();
  for (const spec of groups) {
    const team = new passwork.Group(`group-${spec.name}`, { name: spec.name, description: spec.description });
    teams.set(spec.name, team);
    for (const g of spec.grants) grant(`group-${spec.name}`, { groupId: team.id }, g);
  }
  return { accounts, teams, grants };
}
