import assert from "node:assert/strict";
import { CryptoError, type CryptoErrorReason } from "../../../provider/client/crypto/errors";

/**
 * Runs `fn`, expects a CryptoError (of one of `reasons` when given) and checks that neither its message
 * nor its stack mention any of `secrets`. Returns the error for further checks.
 */
export function expectCryptoError(
  fn: () => unknown,
  secrets: readonly string[],
  reasons?: readonly CryptoErrorReason[],
): CryptoError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CryptoError, `expected a CryptoError, got ${String(caught)}`);
  assert.equal(caught.code, "PASSWORK_CRYPTO");
  if (reasons)
    assert.ok(reasons.includes(caught.reason), `reason ${caught.reason} not in ${reasons.join(", ")}`);
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    assert.ok(!caught.message.includes(secret), `error message leaks a secret: ${caught.message}`);
    assert.ok(!String(caught.stack).includes(secret), "error stack leaks a secret");
  }
  return caught;
}

export async function expectCryptoErrorAsync(
  fn: () => Promise<unknown>,
  secrets: readonly string[],
): Promise<CryptoError> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  return expectCryptoError(() => {
    throw caught;
  }, secrets);
}
