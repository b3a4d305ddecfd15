/**
 * A client for reads made in the program process (adoption checks), with the provider's settings:
 * stack config `passwork:*` first, then the PASSWORK_* environment variables. Closed after use so
 * an idle keep-alive socket never holds the program open.
 */
import * as pulumi from "@pulumi/pulumi";
import { PassworkClient } from "../../provider/client";
import { resolveSettings, type SettingSource } from "../../provider/config";

/** Raw config getter: reading a secret key this way prints no "use getSecret" warning. */
export const programConfig: SettingSource = (key) => pulumi.runtime.getConfig(`passwork:${key}`);

export async function withSettingsClient<T>(source: SettingSource, env: NodeJS.ProcessEnv, fn: (c: PassworkClient) => Promise<T>): Promise<T> {
  const settings = resolveSettings(source, env);
  const client = new PassworkClient({
    host: settings.host,
    accessToken: settings.accessToken,
    refreshToken: settings.refreshToken,
    masterKey: settings.masterKey,
    caCertPath: settings.caCertPath,
    insecureSkipVerify: settings.insecureSkipVerify,
    ...(settings.refreshMode ? { refreshMode: settings.refreshMode } : {}),
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
