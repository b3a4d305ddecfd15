/**
 * The key chain of one identity under client-side encryption:
 * master key →AES→ RSA private key →RSA→ vault key (per vault) →AES→ item key → fields.
 * Holds the derived master key and caches what it decrypted. No HTTP: callers pass the responses in.
 */
import { createHash, type KeyObject } from "node:crypto";
import { decryptString, encryptString } from "./aes";
import { CryptoError } from "./errors";
import { newVaultKey, newVaultSalt } from "./random";
import { generateRsaKeyPair, loadPrivateKey, loadPublicKey, rsaDecryptString, rsaEncryptString } from "./rsa";

/** The part of GET /api/v1/users/keys the key chain needs. */
export interface UserKeysInput {
  keys: { privateEncrypted: string };
}

export interface AdministratorKey {
  id: string;
  publicKey: string;
}

/** The key fields of POST /api/v1/vaults under client-side encryption, plus the plaintext vault key. */
export interface VaultKeyMaterial {
  vaultKey: string;
  salt: string;
  masterKeyEncrypted: string;
  masterKeyHash: string;
  administratorsKeys: Record<string, string>;
}

export class KeyChain {
  readonly #masterKey: string;
  #privateKey: KeyObject | undefined;
  readonly #vaultKeys = new Map<string, string>();

  constructor(masterKey: string) {
    if (typeof masterKey !== "string" || masterKey.trim().length === 0) {
      throw new CryptoError(
        "bad-input",
        "master key must be a non-empty string (the derived key, as PASSWORK_MASTER_KEY takes it)",
      );
    }
    this.#masterKey = masterKey.trim();
  }

  /** Decrypts `keys.privateEncrypted` with the master key on first use; later calls return the cached key. */
  privateKey(userKeys: UserKeysInput): KeyObject {
    if (this.#privateKey) return this.#privateKey;
    let pem: string;
    try {
      pem = decryptString(
        userKeys.keys.privateEncrypted,
        this.#masterKey,
        "your RSA private key (users/keys privateEncrypted)",
      );
    } catch (error) {
      if (error instanceof CryptoError && error.reason === "decrypt-failed") {
        throw new CryptoError(
          "decrypt-failed",
          "your RSA private key could not be decrypted: the master key (passwork:masterKey / PASSWORK_MASTER_KEY) is wrong for this user",
        );
      }
      throw error;
    }
    this.#privateKey = loadPrivateKey(pem);
    return this.#privateKey;
  }

  get hasPrivateKey(): boolean {
    return this.#privateKey !== undefined;
  }

  /** The vault key of `vaultId`, RSA-decrypted from `blob` (vault.masterKeyEncrypted / item.vaultMasterKeyEncrypted) once. */
  vaultKey(vaultId: string, blob: string): string {
    const cached = this.#vaultKeys.get(vaultId);
    if (cached !== undefined) return cached;
    if (!this.#privateKey) {
      throw new CryptoError(
        "bad-input",
        "KeyChain.vaultKey needs the private key first: call privateKey(GET /users/keys response)",
      );
    }
    const vaultKey = rsaDecryptString(this.#privateKey, blob, `the key of vault ${vaultId}`);
    this.#vaultKeys.set(vaultId, vaultKey);
    return vaultKey;
  }

  /** Remember a vault key this process made (a vault it just created). */
  rememberVaultKey(vaultId: string, vaultKey: string): void {
    this.#vaultKeys.set(vaultId, vaultKey);
  }

  /** Key material for a new vault: a fresh vault key wrapped for its creator and every vault-type administrator. */
  newVaultKeyMaterial(ownPublicPem: string, adminPublicKeys: readonly AdministratorKey[]): VaultKeyMaterial {
    const vaultKey = newVaultKey();
    const salt = newVaultSalt();
    const administratorsKeys: Record<string, string> = {};
    for (const admin of adminPublicKeys)
      administratorsKeys[admin.id] = this.wrapVaultKeyFor(admin.publicKey, vaultKey);
    return {
      vaultKey,
      salt,
      masterKeyEncrypted: this.wrapVaultKeyFor(ownPublicPem, vaultKey),
      masterKeyHash: createHash("sha256")
        .update(vaultKey + salt, "utf8")
        .digest("hex"),
      administratorsKeys,
    };
  }

  /** base64 RSA (OAEP-SHA256; PKCS#1 v1.5 for 1024-bit keys) of the vault key for one recipient. */
  wrapVaultKeyFor(publicKeyPem: string, vaultKey: string): string {
    return rsaEncryptString(loadPublicKey(publicKeyPem), vaultKey);
  }

  /** A new user's key pair in the shape of POST /users `keys` (used to seed emulator users in tests). */
  static async generateUserKeys(masterKey: string): Promise<{ public: string; privateEncrypted: string }> {
    const { publicKey, privateKey } = await generateRsaKeyPair(2048);
    return { public: publicKey, privateEncrypted: encryptString(privateKey, masterKey) };
  }
}

export const generateUserKeys = (masterKey: string) => KeyChain.generateUserKeys(masterKey);
