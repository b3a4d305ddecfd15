/**
 * A client for reads made in the program process (lookups, adoption checks), with the same settings
 * as the provider: stack config `passwork:*` first, then the PASSWORK_* environment variables.
 * Closed after use so an idle keep-alive socket never holds the program open.
 */
import * as pulumi from "@pulumi/pulumi";
import { PassworkClient } from "../provider/client";
import { clientOptions, resolveSettings, type SettingSource } from "../provider/config";

/** Raw config getter: reading a secret key this way prints no "use getSecret" warning, and the value
 * leaves this process only in requests to the Passwork host. */
export const programConfig: SettingSource = (key) => pulumi.runtime.getConfig(`passwork:${key}`);

export async function withProgramClient<T>(
  fn: (c: PassworkClient) => Promise<T>,
  source: SettingSource = programConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const client = new PassworkClient(clientOptions(resolveSettings(source, env)));
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
