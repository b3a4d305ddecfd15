import { strict as assert } from "node:assert";
import {
  ProviderSettingsError,
  resolveSettings,
  useSettingSource,
  validationSettings,
} from "../../../provider/config";
import { provider as recordProvider } from "../../../provider/resources/record";

const CONNECTION: Record<string, string> = { host: "https://pw.example", accessToken: "token-value" };

describe("provider setting passwork:secretsInState", () => {
  afterEach(() => useSettingSource(undefined));

  it("defaults to encrypted, accepts none, and is read at check without credentials", () => {
    assert.equal(resolveSettings((k) => CONNECTION[k], {}).secretsInState, "encrypted");
    useSettingSource((k) => (k === "secretsInState" ? "none" : undefined));
    assert.equal(validationSettings().secretsInState, "none");
  });

  it("an invalid value fails with the key and how to set it, never the value", async () => {
    useSettingSource((k) => (k === "secretsInState" ? "nothing-please" : undefined));
    await assert.rejects(
      recordProvider.check!({}, { name: "DB", vaultId: "65f1c2d3e4a5b6c7d8e9f0a1" }),
      (e: unknown) =>
        e instanceof ProviderSettingsError &&
        /^passwork:secretsInState must be "encrypted" or "none"; set `pulumi config set passwork:secretsInState \.\.\.`\.$/.test(
          e.message,
        ),
    );
  });
});
