/**
 * The state of a Passwork server as plain, id-free data (raw HTTP, independent of our client), so two
 * servers built by different programs can be compared: the tree, records with their fields, tags,
 * custom fields, grants by principal login.
 */
import type { RawApi } from "../engine/raw-passwork";

const list = (r: any): any[] => (Array.isArray(r) ? r : (r?.items ?? []));
const unb64 = (s: string | null | undefined) => (s ? Buffer.from(s, "base64").toString("utf8") : "");

export interface ServerState {
  vaults: string[];
  folders: string[];
  records: Record<
    string,
    {
      login: string;
      url: string;
      description: string;
      tags: string[];
      hasPassword: boolean;
      customs: string[];
    }
  >;
  grants: string[];
}

export async function serverState(
  api: RawApi,
  options: { fieldValues?: boolean } = {},
): Promise<ServerState> {
  const users = new Map(
    list(await api.get("/users")).map((u: any) => [
      u.id,
      u.isServiceAccount ? `serviceAccount:${u.login}` : `user:${u.login}`,
    ]),
  );
  const groups = new Map(list(await api.get("/user-groups")).map((g: any) => [g.id, `group:${g.name}`]));
  const who = (g: any) =>
    (g.principalType === "group" ? groups.get(g.principalId) : users.get(g.principalId)) ??
    `${g.principalType}:?`;
  const state: ServerState = { vaults: [], folders: [], records: {}, grants: [] };
  for (const vault of list(await api.get("/vaults"))) {
    state.vaults.push(vault.name);
    const folders = list(await api.get(`/folders?vaultId=${vault.id}`));
    const byId = new Map(folders.map((f: any) => [f.id, f]));
    const pathOf = (id: string | null): string => {
      if (!id) return vault.name;
      const f: any = byId.get(id);
      return `${pathOf(f.parentFolderId)}/${f.name}`;
    };
    for (const f of folders) state.folders.push(pathOf(f.id));
    for (const g of list(await api.get(`/vaults/${vault.id}/access`)))
      state.grants.push(`${vault.name} ${who(g)} ${g.access}`);
    for (const f of folders)
      for (const g of list(await api.get(`/folders/${f.id}/access`)))
        state.grants.push(`${pathOf(f.id)} ${who(g)} ${g.access}`);
    for (const summary of list(await api.get(`/items?vaultId=${vault.id}`))) {
      const item = await api.get(`/items/${summary.id}`);
      const customs = (item.customs ?? [])
        .map(
          (c: any) =>
            `${unb64(c.name)}:${unb64(c.type)}${options.fieldValues === false ? "" : `=${unb64(c.value)}`}`,
        )
        .sort();
      state.records[`${pathOf(item.folderId)}/${item.name}`] = {
        login: item.login ?? "",
        url: item.url ?? "",
        description: item.description ?? "",
        tags: [...item.tags].sort(),
        hasPassword: !!item.passwordEncrypted,
        customs,
      };
    }
  }
  state.vaults.sort();
  state.folders.sort();
  state.grants.sort();
  return state;
}
