import { strict as assert } from "node:assert";
import {
  accessRules,
  useAccessRulesSource as useAccessSettingsSource,
} from "../../../provider/settings/source";
import {
  ProviderSettingsError,
  clientOptions,
  currentSettings,
  resolveSettings,
  useSettingSource,
  validationSettings,
} from "../../../provider/config";
import { FileTokenStore } from "../../../provider/client";
import { provider as recordProvider } from "../../../provider/resources/record";

const SECRET = "FxWvuVqP9cPvAdWq3BMsSwVaEtFltaka49sv+2HjJME=";
const CONNECTION = { host: "https://pw.example", accessToken: SECRET };

/** A source over unqualified keys, as useSettingSource takes them. */
const from =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

describe("provider settings: one schema for every reader", () => {
  afterEach(() => {
    useSettingSource(undefined);
    useAccessSettingsSource(undefined);
  });

  it("an invalid fieldNamePolicy fails check-time settings with the same message as the full settings", () => {
    const values = { ...CONNECTION, fieldNamePolicy: "loud" };
    let full: unknown;
    try {
      resolveSettings(from(values), {});
    } catch (e) {
      full = e;
    }
    assert.ok(full instanceof ProviderSettingsError);
    useSettingSource(from({ fieldNamePolicy: "loud" })); // no host or token: check must still judge it
    assert.throws(
      () => validationSettings(),
      (e: unknown) =>
        e instanceof ProviderSettingsError &&
        e.message === full.message &&
        /^passwork:fieldNamePolicy must be "warn" or "fail"; set `pulumi config set passwork:fieldNamePolicy \.\.\.`\.$/.test(
          e.message,
        ) &&
        !e.message.includes("loud"),
    );
  });

  it("a Record's check fails on an invalid fieldNamePolicy instead of ignoring it", async () => {
    useSettingSource(from({ fieldNamePolicy: "strict" }));
    await assert.rejects(
      recordProvider.check!({}, { name: "DB_PASSWORD", vaultId: "65f1c2d3e4a5b6c7d8e9f0a1" }),
      (e: unknown) => e instanceof ProviderSettingsError && /passwork:fieldNamePolicy/.test(e.message),
    );
    useSettingSource(from({ fieldNamePolicy: "fail" }));
    assert.equal(validationSettings().fieldNamePolicy, "fail");
    useSettingSource(undefined);
    assert.equal(validationSettings().fieldNamePolicy, "warn", "unset means warn");
  });

  it("accessRules come from the same source as every other setting, typed", () => {
    const rules = '[{"principalKind":"serviceAccount","pathPrefix":"production/","maxLevel":"read"}]';
    useSettingSource(from({ ...CONNECTION, accessRules: rules }));
    const expected = [{ principalKind: "serviceAccount", pathPrefix: "production", maxLevel: "read" }];
    assert.deepEqual(accessRules(), expected);
    assert.deepEqual(currentSettings().accessRules, expected);
    assert.deepEqual(resolveSettings(from(CONNECTION), {}).accessRules, [], "none configured: no rules");
    useSettingSource(from({ accessRules: '[{"principalKind":"robot","pathPrefix":"","maxLevel":"read"}]' }));
    assert.throws(() => accessRules(), /passwork:accessRules\[0\]\.principalKind/);
  });

  it("connectionRequests: approve by default, leave when set, and a clear error otherwise", () => {
    assert.equal(resolveSettings(from(CONNECTION), {}).connectionRequests, "approve");
    assert.equal(
      resolveSettings(from({ ...CONNECTION, connectionRequests: "leave" }), {}).connectionRequests,
      "leave",
    );
    assert.throws(
      () => resolveSettings(from({ ...CONNECTION, connectionRequests: "ignore" }), {}),
      (e: unknown) =>
        e instanceof ProviderSettingsError &&
        /^passwork:connectionRequests must be "approve" or "leave"; set `pulumi config set passwork:connectionRequests/.test(
          e.message,
        ),
    );
  });

  it("a host that is not a URL names the key and how to set it, never the value", () => {
    assert.throws(
      () => resolveSettings(from({ ...CONNECTION, host: "https://pw example.com" }), {}),
      (e: unknown) =>
        e instanceof ProviderSettingsError &&
        /^passwork:host is not a valid URL .*PASSWORK_HOST/.test(e.message) &&
        !e.message.includes("pw example"),
    );
  });

  it("numbers and flags become typed client options", () => {
    const s = resolveSettings(
      from({
        ...CONNECTION,
        maxRetries: "2",
        maxInFlight: "3",
        requestTimeoutMs: "1500",
        refreshReadAhead: "false",
        insecureSkipVerify: "true",
        tokenStorePath: "/tmp/pw-tokens.json",
      }),
      {},
    );
    const o = clientOptions(s);
    assert.equal(o.maxRetries, 2);
    assert.equal(o.maxInFlight, 3);
    assert.equal(o.requestTimeoutMs, 1500);
    assert.equal(o.readAhead, false);
    assert.equal(o.insecureSkipVerify, true);
    assert.ok(o.tokenStore instanceof FileTokenStore);
    assert.throws(
      () => resolveSettings(from({ ...CONNECTION, maxRetries: "-1" }), {}),
      /passwork:maxRetries must be a whole number from 0 to 20; set .*PASSWORK_MAX_RETRIES/,
    );
  });
});
