/**
 * Runs last (mocha sorts files): every error message/field and log line captured by the client
 * specs is searched for every token, master key and decrypted value those specs used.
 */
import assert from "node:assert/strict";
import { leaks, stats } from "./helpers/leak-guard";

describe("client: secrets never leak", () => {
  it("no captured error, error field or log line contains a token, master key or decrypted value", () => {
    const s = stats();
    assert.ok(s.secrets >= 5, `expected the suite to register secrets, got ${s.secrets}`);
    assert.ok(s.texts >= 20, `expected the suite to capture errors and log lines, got ${s.texts}`);
    assert.deepEqual(leaks(), []);
  });
});
