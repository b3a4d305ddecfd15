/**
 * A refresh kills the configured access token. Without a token store the next run would start from a
 * dead token, so the provider keeps one by default (per host and configured refresh token).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { PassworkClient, vaults } from "../../provider/client";
import { clientOptions, defaultTokenStorePath, resolveSettings } from "../../provider/config";

describe("provider settings: the default token store", () => {
  let emu: RunningEmulator;
  let home: string;
  before(async () => {
    emu = await startEmulator({ port: 0, logErrors: false });
    home = mkdtempSync(join(tmpdir(), "pw-home-"));
  });
  after(async () => {
    await emu.close();
    rmSync(home, { recursive: true, force: true });
  });

  it("is a hashed file under PULUMI_PASSWORK_HOME when a refresh token is set, and can be turned off", () => {
    const env = { PULUMI_PASSWORK_HOME: home };
    const settings = resolveSettings(
      (k) => ({ host: "https://pw.example", accessToken: "A-token", refreshToken: "R-token" })[k],
      env,
    );
    assert.equal(settings.tokenStorePath, defaultTokenStorePath("https://pw.example", "R-token", env));
    assert.ok(settings.tokenStorePath!.startsWith(join(home, "tokens")));
    assert.ok(!settings.tokenStorePath!.includes("R-token") && !settings.tokenStorePath!.includes("A-token"));
    assert.notEqual(
      defaultTokenStorePath("https://pw.example", "other", env),
      settings.tokenStorePath,
      "one file per refresh token",
    );
    const off = resolveSettings(
      (k) => ({ host: "https://pw.example", accessToken: "A", refreshToken: "R", tokenStorePath: "off" })[k],
      env,
    );
    assert.equal(off.tokenStorePath, undefined);
    const noRefresh = resolveSettings((k) => ({ host: "https://pw.example", accessToken: "A" })[k], env);
    assert.equal(noRefresh.tokenStorePath, undefined, "nothing to refresh with, nothing to store");
  });

  it("lets the next run start from the refreshed token although the configured one is dead", async () => {
    const user = await emu.seedUser({ login: "ci-runner", role: "admin" });
    const configured = {
      host: emu.url,
      accessToken: user.tokens.accessToken,
      refreshToken: user.tokens.refreshToken,
    };
    const env = { PULUMI_PASSWORK_HOME: home };
    const settingsFor = () => resolveSettings((k) => (configured as Record<string, string>)[k], env);

    // Run 1: the access token expires; the client refreshes (the old token dies) and stores the new one.
    await fetch(`${emu.url}/_emulator/tokens/expire`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-response-format": "raw" },
      body: JSON.stringify({ accessToken: user.tokens.accessToken }),
    });
    const first = new PassworkClient(clientOptions(settingsFor()));
    await vaults.list(first);
    await first.close();
    const stored = readdirSync(join(home, "tokens"));
    assert.equal(stored.length, 1);
    const file = join(home, "tokens", stored[0]!);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(
      !readFileSync(file, "utf8").includes(user.tokens.accessToken),
      "the dead token is not what was stored",
    );

    // Run 2: same configuration (its access token is dead now) works from the stored token.
    const second = new PassworkClient(clientOptions(settingsFor()));
    try {
      await vaults.list(second);
      assert.equal(second.stats().refreshes, 0, "no second refresh was needed");
    } finally {
      await second.close();
    }
  });
});
