// A raw HTTP client for out-of-band changes and inventories in engine tests: plain fetch against the
// Passwork API, independent of provider/client, the way a person with curl would change things.

export interface RawApi {
  get(path: string): Promise<any>;
  post(path: string, body: unknown): Promise<any>;
  patch(path: string, body: unknown): Promise<any>;
  delete(path: string): Promise<any>;
}

export function rawApi(baseUrl: string, accessToken: string): RawApi {
  async function call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        "x-response-format": "raw",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text === "" ? undefined : JSON.parse(text);
  }
  return {
    get: (p) => call("GET", p),
    post: (p, b) => call("POST", p, b),
    patch: (p, b) => call("PATCH", p, b),
    delete: (p) => call("DELETE", p),
  };
}

const list = (response: any): any[] => (Array.isArray(response) ? response : (response?.items ?? []));

/** Every live user, group, vault, folder, record and grant, as sorted one-line descriptions (for before/after comparisons). */
export async function inventory(api: RawApi): Promise<string[]> {
  const lines: string[] = [];
  for (const user of list(await api.get("/users")))
    lines.push(`user ${user.id} ${user.login}${user.isServiceAccount ? " (service account)" : ""}`);
  for (const group of list(await api.get("/user-groups"))) lines.push(`group ${group.id} ${group.name}`);
  const grants = (where: string, response: any) =>
    list(response).map((g: any) => `grant ${where} ${g.principalType}:${g.principalId} ${g.access}`);
  for (const vault of list(await api.get("/vaults"))) {
    lines.push(
      `vault ${vault.id} ${vault.name}`,
      ...grants(vault.id, await api.get(`/vaults/${vault.id}/access`)),
    );
    for (const folder of list(await api.get(`/folders?vaultId=${vault.id}`))) {
      lines.push(
        `folder ${folder.id} ${folder.name} parent=${folder.parentFolderId ?? "-"}`,
        ...grants(folder.id, await api.get(`/folders/${folder.id}/access`)),
      );
    }
    for (const item of list(await api.get(`/items?vaultId=${vault.id}`)))
      lines.push(`record ${item.id} ${item.name} folder=${item.folderId ?? "-"}`);
  }
  return lines.sort();
}
