/**
 * Client-side encryption context per client: the key chain (unlocked once with GET /users/keys) and
 * each vault's key (RSA-decrypted once). Whether data is encrypted is read from the data itself
 * (a vault's `masterKeyEncrypted`, an item's `keyEncrypted`); encrypted data without a configured
 * master key is a ConfigurationError naming the setting.
 */
import { memo } from "./cache";
import type { PassworkClient } from "./core";
import { decryptString } from "./crypto/aes";
import { CryptoError } from "./crypto/errors";
import { KeyChain } from "./crypto/keychain";
import { ConfigurationError } from "./errors";
import { mine } from "./keys";
import { path } from "./path";
import { administrators } from "./vault-types";
import type { Item } from "../../protocol/items";
import { VaultSchema, type VaultCreateParams } from "../../protocol/vaults";

export function requireMasterKey(c: PassworkClient, what: string): string {
  if (!c.masterKey) {
    throw new ConfigurationError(
      "passwork:masterKey",
      "PASSWORK_MASTER_KEY",
      `${what} is client-side encrypted but no master key is configured`,
    );
  }
  return c.masterKey;
}

/** The key chain with the caller's private key decrypted. */
export function unlockedKeyChain(c: PassworkClient, what = "this Passwork data"): Promise<KeyChain> {
  const masterKey = requireMasterKey(c, what);
  return memo(c, "keychain", async () => {
    const chain = new KeyChain(masterKey);
    chain.privateKey(await mine(c));
    return chain;
  });
}

/**
 * The plaintext key of a vault, or null when the vault is not client-side encrypted. `blob` is the
 * caller's wrapped vault key when already at hand (an item's `vaultMasterKeyEncrypted`).
 */
export function vaultKeyOf(c: PassworkClient, vaultId: string, blob?: string | null): Promise<string | null> {
  return memo(c, `vaultKey:${vaultId}`, async () => {
    const wrapped = blob || (await c.get(path`/vaults/${vaultId}`, VaultSchema)).masterKeyEncrypted;
    if (!wrapped) return null;
    const chain = await unlockedKeyChain(c, `vault ${vaultId}`);
    return chain.vaultKey(vaultId, wrapped);
  });
}

/**
 * The item key of an item (null when its vault is not client-side encrypted), unwrapped with its own
 * vault's key. The key that opens its password, custom fields, attachments and shortcut keys.
 */
export async function itemKeyOf(c: PassworkClient, item: Item): Promise<string | null> {
  const vaultKey = await vaultKeyOf(c, item.vaultId, item.vaultMasterKeyEncrypted);
  if (vaultKey === null) return null;
  if (!item.keyEncrypted)
    throw new CryptoError(
      "unsupported-data",
      `record ${item.id} is client-side encrypted but has no item key (keyEncrypted); open and save it once in Passwork to give it one`,
    );
  return decryptString(item.keyEncrypted, vaultKey, `record ${item.id} keyEncrypted (item key)`);
}

/** A vault this client just created: its key is known without a round trip. */
export function rememberVaultKey(c: PassworkClient, vaultId: string, vaultKey: string | null): void {
  c.cache.set(`vaultKey:${vaultId}`, Promise.resolve(vaultKey));
}

/** The key fields of a new vault's create body, and its plaintext key. */
export interface NewVaultKey {
  fields: Pick<VaultCreateParams, "masterKeyEncrypted" | "masterKeyHash" | "salt" | "administratorsKeys">;
  vaultKey: string;
}

/**
 * With a master key configured a new vault is client-side encrypted: a fresh vault key wrapped for the
 * caller and for every administrator of the vault type. Without one: null (a plain vault).
 */
export async function newVaultKey(
  c: PassworkClient,
  typeId: string | undefined,
): Promise<NewVaultKey | null> {
  if (!c.hasMasterKey) return null;
  const chain = await unlockedKeyChain(c, "a new vault");
  const admins = typeId ? await administrators(c, typeId) : [];
  const withKeys = admins.flatMap((a) => (a.publicKey ? [{ id: a.id, publicKey: a.publicKey }] : []));
  const material = chain.newVaultKeyMaterial((await mine(c)).keys.public, withKeys);
  const { masterKeyEncrypted, masterKeyHash, salt, administratorsKeys } = material;
  return {
    fields: { masterKeyEncrypted, masterKeyHash, salt, administratorsKeys },
    vaultKey: material.vaultKey,
  };
}
