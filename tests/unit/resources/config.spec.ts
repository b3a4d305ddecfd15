import { strict as assert } from "node:assert";
import { parseAllowedTags, resolveSettings, sourceFromHostConfig } from "../../../provider/config";

const SECRET = "FxWvuVqP9cPvAdWq3BMsSwVaEtFltaka49sv+2HjJME=";

describe("provider settings", () => {
  it("reads passwork: keys from the host Config even when its default namespace is the project", () => {
    const raw: Record<string, string> = {
      "passwork:host": "https://pw.example",
      "passwork:accessToken": SECRET,
      "myproj:host": "https://wrong",
    };
    const hostConfig = { get: (k: string) => raw[k.includes(":") ? k : `myproj:${k}`] };
    const s = resolveSettings(sourceFromHostConfig(hostConfig), {});
    assert.equal(s.host, "https://pw.example");
    assert.equal(s.accessToken, SECRET);
    assert.equal(s.fieldNamePolicy, "warn");
  });

  it("falls back to the environment names of passwork-cli", () => {
    const s = resolveSettings(() => undefined, {
      PASSWORK_HOST: "http://127.0.0.1:1/",
      PASSWORK_TOKEN: SECRET,
      PASSWORK_MASTER_KEY: "mk",
      PASSWORK_REFRESH_TOKEN: "rt",
    });
    assert.equal(s.host, "http://127.0.0.1:1");
    assert.equal(s.masterKey, "mk");
    assert.equal(s.refreshToken, "rt");
  });

  it("stack config wins over the environment", () => {
    const s = resolveSettings((k) => (k === "host" ? "https://config" : undefined), {
      PASSWORK_HOST: "https://env",
      PASSWORK_TOKEN: SECRET,
    });
    assert.equal(s.host, "https://config");
  });

  it("names exactly what to set when host and token are missing, in one message", () => {
    assert.throws(
      () => resolveSettings(() => undefined, {}),
      (e: Error) =>
        e.message.includes("pulumi config set passwork:host") &&
        e.message.includes("PASSWORK_HOST") &&
        e.message.includes("passwork:accessToken") &&
        e.message.includes("PASSWORK_TOKEN"),
    );
  });

  it("names only the missing setting", () => {
    assert.throws(
      () => resolveSettings(() => undefined, { PASSWORK_TOKEN: SECRET }),
      (e: Error) => e.message.includes("PASSWORK_HOST") && !e.message.includes("PASSWORK_TOKEN"),
    );
  });

  it("never echoes a secret in an error", () => {
    for (const env of [
      { PASSWORK_HOST: "pw.example.com", PASSWORK_TOKEN: SECRET },
      { PASSWORK_HOST: "https://x", PASSWORK_TOKEN: SECRET },
    ]) {
      try {
        resolveSettings(
          (k) => (k === "fieldNamePolicy" ? "loud" : k === "masterKey" ? SECRET : undefined),
          env,
        );
        assert.fail("expected an error");
      } catch (e) {
        assert.ok(!(e as Error).message.includes(SECRET), (e as Error).message);
      }
    }
  });

  it("rejects a host without a scheme and bad enum settings with the key named", () => {
    assert.throws(
      () => resolveSettings(() => undefined, { PASSWORK_HOST: "pw.example.com", PASSWORK_TOKEN: SECRET }),
      /passwork:host must be an http\(s\) URL/,
    );
    assert.throws(
      () =>
        resolveSettings((k) => (k === "fieldNamePolicy" ? "loud" : undefined), {
          PASSWORK_HOST: "https://x",
          PASSWORK_TOKEN: SECRET,
        }),
      /passwork:fieldNamePolicy/,
    );
    assert.throws(
      () =>
        resolveSettings((k) => (k === "insecureSkipVerify" ? "yes" : undefined), {
          PASSWORK_HOST: "https://x",
          PASSWORK_TOKEN: SECRET,
        }),
      /passwork:insecureSkipVerify/,
    );
  });

  it("parses allowedTags as a JSON list into a sorted set", () => {
    assert.deepEqual(parseAllowedTags('["staging"," production","staging"]'), ["production", "staging"]);
    assert.throws(() => parseAllowedTags("production,staging"), /JSON list/);
    assert.throws(() => parseAllowedTags('[1, ""]'), /non-empty strings/);
  });
});
