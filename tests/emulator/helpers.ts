/** Tiny HTTP helpers for emulator tests (node's fetch; no dependency on provider/client). */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; raw?: boolean; rawBody?: string } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.raw !== false) headers["X-Response-Format"] = "raw";
  const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const r = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as T) : (undefined as T), headers: r.headers };
}

/** A client bound to one token. */
export function as(emu: RunningEmulator, token: string) {
  return {
    get: <T = any>(p: string) => call<T>(emu.url, "GET", p, { token }),
    post: <T = any>(p: string, body?: unknown) => call<T>(emu.url, "POST", p, { token, body: body ?? {} }),
    patch: <T = any>(p: string, body: unknown) => call<T>(emu.url, "PATCH", p, { token, body }),
    del: <T = any>(p: string) => call<T>(emu.url, "DELETE", p, { token }),
  };
}
export type Api = ReturnType<typeof as>;

export async function start(opts: EmulatorOptions = {}) {
  return startEmulator({ logErrors: false, ...opts });
}

/**
 * Creates a vault (company type unless told otherwise) as `api`; returns its id. Owners/admins
 * administer every company vault (vault-type administrators), so tests about removing an admin use
 * a private vault.
 */
export async function makeVault(
  api: Api,
  name = "Vault",
  typeCode: "company" | "privateShared" = "company",
): Promise<string> {
  const types = await api.get("/api/v1/vault-types/all");
  const type = types.body.items.find((t: { code: string }) => t.code === typeCode);
  const r = await api.post("/api/v1/vaults", { name, typeId: type.id });
  if (r.status !== 200) throw new Error(`vault create failed: ${JSON.stringify(r.body)}`);
  return r.body.id;
}

export const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
