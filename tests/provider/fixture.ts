/**
 * An in-process emulator on port 0 and a provider configured to talk to it, for provider tests.
 * `apiRequests()` reads the emulator's request log (control endpoints excluded).
 */
import { randomBytes } from "node:crypto";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/server";
import { generateUserKeys } from "../../provider/client/crypto/keychain";
import { closeClient, useSettingSource } from "../../provider/config";

export interface ProviderFixture {
  emu: RunningEmulator;
  settings: Record<string, string>;
  apiRequests(): Promise<{ method: string; path: string; status?: number }[]>;
  clearRequests(): Promise<void>;
  /** Injects an emulator fault (POST /_emulator/faults). */
  fault(spec: {
    method?: string;
    path: string;
    kind: "status" | "delay" | "reset" | "resetAfterCommit";
    status?: number;
    count?: number;
  }): Promise<void>;
  raw(method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

export async function startFixture(
  opts: EmulatorOptions & { extraSettings?: Record<string, string> } = {},
): Promise<ProviderFixture> {
  const { extraSettings, ...emuOpts } = opts;
  const emu = await startEmulator({ port: 0, logErrors: false, ...emuOpts });
  const settings: Record<string, string> = {
    host: emu.url,
    accessToken: emu.adminTokens.accessToken,
    ...extraSettings,
  };
  useSettingSource((k) => settings[k]);
  const control = async (method: string, p: string) => {
    const res = await fetch(`${emu.url}${p}`, { method, headers: { "x-response-format": "raw" } });
    return res.status === 204 ? {} : res.json();
  };
  return {
    emu,
    settings,
    async apiRequests() {
      const log = (await control("GET", "/_emulator/requests")) as {
        items: { method: string; path: string; status?: number }[];
      };
      return log.items.filter((r) => !r.path.startsWith("/_emulator"));
    },
    async fault(spec) {
      const res = await fetch(`${emu.url}/_emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-response-format": "raw" },
        body: JSON.stringify(spec),
      });
      if (res.status >= 400) throw new Error(`fault injection failed: ${res.status} ${await res.text()}`);
    },
    async clearRequests() {
      await control("DELETE", "/_emulator/requests");
    },
    /** A raw API call as admin with plain JSON (no envelope): for out-of-band edits in tests. */
    async raw(method: string, p: string, body?: unknown) {
      const init: RequestInit = {
        method,
        headers: {
          authorization: `Bearer ${emu.adminTokens.accessToken}`,
          "x-response-format": "raw",
          "content-type": "application/json",
        },
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await fetch(`${emu.url}/api/v1${p}`, init);
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : {};
    },
    async close() {
      await closeClient();
      useSettingSource(undefined);
      await emu.close();
    },
  };
}

/**
 * Client-side encryption: seeds an admin whose RSA keys are wrapped under a fresh master key and makes the
 * provider act as that admin with that key. Needs a fixture started with `clientSideEncryption: true`.
 */
export async function actAsCseAdmin(fx: ProviderFixture, login: string): Promise<void> {
  const masterKey = randomBytes(64).toString("base64");
  const user = await fx.emu.seedUser({
    login,
    role: "admin",
    keys: await generateUserKeys(masterKey),
    masterKeyOptions: "pbkdf:sha256:300000:64:abcdefghijklmnopqrst",
  });
  fx.settings.accessToken = user.tokens.accessToken;
  fx.settings.masterKey = masterKey;
}
