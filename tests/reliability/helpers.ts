// Shared setup of the reliability specs: a restartable emulator (same data dir, same port), fault
// injection through its control endpoint, a raw API with its own token pair, a comparison of stack
// state against the server, and the secret scan run after every scenario.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunningEmulator, startEmulator } from "../../emulator/server";
import { inventory, rawApi, RawApi } from "../engine/raw-passwork";
import { EngineStack, leakedSecrets, stateResources } from "../engine/harness";

export interface FaultSpec {
  method?: string;
  path: string;
  count: number;
  kind: "status" | "delay" | "reset" | "resetAfterCommit";
  status?: number;
  retryAfter?: number;
  delayMs?: number;
}

export interface RestartableEmulator {
  readonly current: RunningEmulator;
  readonly url: string;
  readonly dataDir: string;
  /** Token pair handed to the provider (stack config). */
  readonly providerTokens: { accessToken: string; refreshToken: string };
  /** A raw API with a pair of its own, so expiring the provider's token leaves the test's view intact. */
  readonly api: RawApi;
  /** Every token this emulator handed out to the test: needles for the secret scans. */
  readonly tokens: string[];
  control(method: string, route: string, body?: unknown): Promise<any>;
  fault(spec: FaultSpec): Promise<void>;
  /** Stops the server (sockets dropped) and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startRestartableEmulator(): Promise<RestartableEmulator> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "reliability-emu-"));
  let current = await startEmulator({ port: 0, dataDir, logErrors: false });
  const port = current.port;
  const url = current.url;
  const control = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${url}/_emulator/${route}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${route}: HTTP ${res.status} ${text.slice(0, 200)}`);
    const parsed = text === "" ? undefined : JSON.parse(text);
    return parsed && typeof parsed === "object" && parsed.format === "base64"
      ? JSON.parse(Buffer.from(parsed.content, "base64").toString("utf8"))
      : parsed;
  };
  const providerTokens = {
    accessToken: current.adminTokens.accessToken,
    refreshToken: current.adminTokens.refreshToken,
  };
  const testPair = await control("POST", "tokens", { userId: current.adminUserId });
  const tokens = [
    providerTokens.accessToken,
    providerTokens.refreshToken,
    testPair.accessToken,
    testPair.refreshToken,
  ];
  return {
    get current() {
      return current;
    },
    url,
    dataDir,
    providerTokens,
    api: rawApi(url, testPair.accessToken),
    tokens,
    control,
    fault: async (spec) => {
      await control("POST", "faults", spec);
    },
    restart: async () => {
      await current.close();
      current = await startEmulator({ port, dataDir, logErrors: false });
      tokens.push(current.adminTokens.accessToken, current.adminTokens.refreshToken);
    },
    close: async () => {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `predicate` holds for the emulator's request log (polled every 20 ms), or after `timeoutMs`. */
export async function whenRequests(
  emu: RestartableEmulator,
  predicate: (log: RunningEmulator["control"]["requests"]) => boolean,
  timeoutMs = 60_000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (predicate(emu.current.control.requests)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

const KIND = {
  vault: "pulumi-nodejs:dynamic/passwork:Vault",
  folder: "pulumi-nodejs:dynamic/passwork:Folder",
  record: "pulumi-nodejs:dynamic/passwork:Record",
} as const;

export interface Convergence {
  /** Problems found; empty when state and server agree. */
  problems: string[];
  counts: { vaults: number; folders: number; records: number };
}

const list = (response: any): any[] => (Array.isArray(response) ? response : (response?.items ?? []));

/**
 * State against server: every vault/folder/record in state exists on the server with the recorded
 * name and parent; every object inside a managed vault is in state (nothing leaked, no duplicate);
 * no two siblings share a name.
 */
export async function compareStateWithServer(stack: EngineStack, api: RawApi): Promise<Convergence> {
  const resources = stateResources(await stack.exportState());
  const problems: string[] = [];
  const inState = new Set<string>();
  const vaultIds = new Set<string>();
  const counts = { vaults: 0, folders: 0, records: 0 };
  for (const r of resources) {
    if (r.type === KIND.vault) {
      counts.vaults++;
      vaultIds.add(r.id);
    } else if (r.type === KIND.folder) counts.folders++;
    else if (r.type === KIND.record) counts.records++;
    else continue;
    inState.add(r.id);
  }
  for (const r of resources) {
    const what =
      r.type === KIND.vault
        ? "vault"
        : r.type === KIND.folder
          ? "folder"
          : r.type === KIND.record
            ? "record"
            : undefined;
    if (what === undefined) continue;
    const route = what === "vault" ? "vaults" : what === "folder" ? "folders" : "items";
    let live: any;
    try {
      live = await api.get(`/${route}/${r.id}`);
    } catch (err) {
      problems.push(
        `${r.urn}: in state as ${r.id} but not on the server (${String((err as Error).message).slice(0, 80)})`,
      );
      continue;
    }
    if (live.name !== r.outputs.name)
      problems.push(
        `${r.urn}: server name ${JSON.stringify(live.name)} != state ${JSON.stringify(r.outputs.name)}`,
      );
    if (what === "folder" && (live.parentFolderId ?? undefined) !== (r.outputs.parentFolderId ?? undefined))
      problems.push(`${r.urn}: parent differs`);
    if (what === "record" && (live.folderId ?? undefined) !== (r.outputs.folderId ?? undefined))
      problems.push(`${r.urn}: folder differs`);
  }
  for (const vaultId of vaultIds) {
    const siblings = new Map<string, number>();
    const note = (key: string) => siblings.set(key, (siblings.get(key) ?? 0) + 1);
    for (const f of list(await api.get(`/folders?vaultId=${vaultId}`))) {
      if (!inState.has(f.id)) problems.push(`folder ${f.id} "${f.name}" is on the server but not in state`);
      note(`folder ${f.parentFolderId ?? "-"}/${f.name}`);
    }
    for (const i of list(await api.get(`/items?vaultId=${vaultId}`))) {
      if (!inState.has(i.id)) problems.push(`record ${i.id} "${i.name}" is on the server but not in state`);
      note(`record ${i.folderId ?? "-"}/${i.name}`);
    }
    for (const [key, n] of siblings) if (n > 1) problems.push(`duplicate: ${n} × ${key}`);
  }
  // A vault of the same name outside state would be a duplicate vault.
  const vaultNames = new Map<string, number>();
  for (const v of list(await api.get("/vaults"))) vaultNames.set(v.name, (vaultNames.get(v.name) ?? 0) + 1);
  for (const r of resources)
    if (r.type === KIND.vault && (vaultNames.get(r.outputs.name) ?? 0) > 1)
      problems.push(`duplicate vault name ${r.outputs.name}`);
  return { problems, counts };
}

/** Every live object on the server (for "the server is as before" checks). */
export { inventory };

/** The state (stored form) and everything the engine printed, searched for each needle. */
export async function secretHits(
  stack: EngineStack,
  needles: readonly string[],
  extra: readonly string[] = [],
): Promise<string[]> {
  const stored = JSON.stringify(await stack.exportState());
  const hits: string[] = [];
  const output = stack.collectedOutput();
  for (const n of leakedSecrets(stored, needles)) hits.push(`state: ${around(stored, n)}`);
  for (const n of leakedSecrets(output, needles)) hits.push(`engine output: ${around(output, n)}`);
  for (const text of extra)
    for (const n of leakedSecrets(text, needles)) hits.push(`error/output text: ${around(text, n)}`);
  return hits;
}

/** Where a needle sits, with the needle itself masked (so a failing scan does not print the secret). */
function around(text: string, needle: string): string {
  const at = text.indexOf(needle);
  return `${text.slice(Math.max(0, at - 160), at)}<SECRET>${text.slice(at + needle.length, at + needle.length + 60)}`.replace(
    /\s+/g,
    " ",
  );
}

/** Generated passwords and secret custom-field values from the decrypted state. */
export function secretValuesInState(deployment: any): string[] {
  const found: string[] = [];
  const plain = (v: any) => (v && typeof v === "object" && "plaintext" in v ? JSON.parse(v.plaintext) : v);
  for (const r of deployment?.resources ?? []) {
    if (r.type !== KIND.record) continue;
    const password = plain(r.outputs?.password);
    if (typeof password === "string" && password.length >= 8) found.push(password);
    for (const field of Object.values(plain(r.outputs?.customFields) ?? {}) as {
      value: string;
      type: string;
    }[]) {
      if (field.type !== "text" && field.value.length >= 8) found.push(field.value);
    }
  }
  return found;
}

export const writeMethods = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** Writes to the Passwork API (control endpoints excluded) in a request log. */
export function apiWrites(
  log: readonly { method: string; path: string }[],
): { method: string; path: string }[] {
  return log.filter(
    (r) =>
      writeMethods.has(r.method) &&
      r.path.startsWith("/api/v1") &&
      r.path !== "/api/v1/batch" &&
      !r.path.startsWith("/api/v1/sessions/"),
  );
}
