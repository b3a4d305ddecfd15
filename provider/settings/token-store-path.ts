/**
 * Where a refreshed token survives the run when `passwork:tokenStorePath` is not set: a refresh kills
 * the configured access token (and in pair mode the refresh token), so without it the next run would
 * start from a dead token. One file per (host, configured refresh token), mode 0600 in a 0700
 * directory; the name is a hash, never the token. `passwork:tokenStorePath off` disables it.
 */
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";

export function defaultTokenStorePath(host: string, refreshToken: string, env: NodeJS.ProcessEnv): string {
  const home = env.PULUMI_PASSWORK_HOME || join(env.HOME || homedir(), ".pulumi-passwork");
  const key = createHash("sha256")
    .update(`${host.replace(/\/+$/, "")}\n${refreshToken}`)
    .digest("hex")
    .slice(0, 32);
  return join(home, "tokens", `${key}.json`);
}
