/**
 * Starts the emulator for client specs and seeds identities over its control API
 * (POST /_emulator/users, /_emulator/tokens), the way an external test would.
 */
import { randomBytes } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../../emulator/server";
import { PassworkClient, type ClientOptions } from "../../../provider/client/core";
import { KeyChain } from "../../../provider/client/crypto/keychain";
import { log, registerSecret } from "./leak-guard";

export interface Identity {
  id: string;
  login: string;
  accessToken: string;
  refreshToken: string;
  masterKey: string | undefined;
}

export async function control<T = Record<string, unknown>>(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, {
    method,
    headers: { "content-type": "application/json", "x-response-format": "raw" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function startTestEmulator(clientSideEncryption: boolean): Promise<RunningEmulator> {
  return startEmulator({ port: 0, clientSideEncryption, logErrors: false });
}

/** A user (with an RSA key pair under CSE) and its token pair. */
export async function seedIdentity(
  emu: RunningEmulator,
  login: string,
  opts: { cse: boolean; role?: "owner" | "admin" | "user" },
): Promise<Identity> {
  const masterKey = opts.cse ? randomBytes(64).toString("base64") : undefined;
  const keys = masterKey ? await KeyChain.generateUserKeys(masterKey) : undefined;
  const { id } = await control<{ id: string }>(emu, "POST", "users", {
    login,
    role: opts.role ?? "owner",
    ...(keys ? { keys } : {}),
  });
  const pair = await control<{ accessToken: string; refreshToken: string }>(emu, "POST", "tokens", {
    userId: id,
  });
  registerSecret(pair.accessToken, pair.refreshToken, masterKey);
  return { id, login, accessToken: pair.accessToken, refreshToken: pair.refreshToken, masterKey };
}

export function clientFor(
  emu: RunningEmulator,
  who: Identity,
  extra: Partial<ClientOptions> = {},
): PassworkClient {
  return new PassworkClient({
    host: emu.url,
    accessToken: who.accessToken,
    refreshToken: who.refreshToken,
    masterKey: who.masterKey,
    retryBaseMs: 10,
    retryCapMs: 50,
    requestTimeoutMs: 5000,
    logger: log,
    ...extra,
  });
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export async function requestLog(emu: RunningEmulator): Promise<LoggedRequest[]> {
  return (await control<{ items: LoggedRequest[] }>(emu, "GET", "requests")).items;
}
