import assert from "node:assert/strict";
import { path, PathParameterError } from "../../provider/client/path";
import { toQueryString } from "../../provider/client/query";

describe("client path and query helpers", () => {
  it("percent-encodes ids and keeps a template", () => {
    const p = path`/vaults/${"a/b?c"}/access/${"user"}/${"x y"}`;
    assert.equal(p.value, "/vaults/a%2Fb%3Fc/access/user/x%20y");
    assert.equal(p.template, "/vaults/{id}/access/{id}/{id}");
  });
  it("rejects undefined, non-strings, empty and dot segments", () => {
    for (const bad of [undefined, null, 42, {}, "", ".", ".."]) {
      assert.throws(() => path`/items/${bad}`, PathParameterError, String(bad));
    }
  });
  it("builds PHP-style query strings", () => {
    assert.equal(
      toQueryString({ tags: ["a", "b&c"], colorCodes: [1, 2], flag: false, none: undefined, n: null }),
      "?tags[]=a&tags[]=b%26c&colorCodes[]=1&colorCodes[]=2&flag=0",
    );
    assert.equal(toQueryString({}), "");
  });
});
