/**
 * The one error type of client-side encryption. Messages name what failed and what to do; they never
 * contain a key, a passphrase or a plaintext (callers may log them).
 */
export type CryptoErrorReason =
  | "decrypt-failed" // wrong key or damaged ciphertext
  | "bad-input" // malformed argument (options string, base64, PEM ...)
  | "unsupported-data" // decrypted fine, but the content is not something we understand
  | "master-key-required"; // encrypted data met without a configured master key

export class CryptoError extends Error {
  readonly code = "PASSWORK_CRYPTO";
  readonly reason: CryptoErrorReason;

  constructor(reason: CryptoErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CryptoError";
    this.reason = reason;
  }
}

/** Client-side encrypted data was found but no master key is configured. */
export class MasterKeyRequiredError extends CryptoError {
  constructor(what: string) {
    super(
      "master-key-required",
      `${what} is client-side encrypted: set passwork:masterKey (or PASSWORK_MASTER_KEY) to the derived master key`,
    );
    this.name = "MasterKeyRequiredError";
  }
}
