export { base32Decode, base32Encode, base32Rfc4648 } from "./base32";
export {
  decryptString,
  encryptString,
  evpBytesToKey,
  isPassworkCiphertext,
  PASSWORK_CIPHERTEXT_PREFIX,
} from "./aes";
export { CryptoError, MasterKeyRequiredError, type CryptoErrorReason } from "./errors";
export {
  generateUserKeys,
  KeyChain,
  type AdministratorKey,
  type UserKeysInput,
  type VaultKeyMaterial,
} from "./keychain";
export { deriveMasterKey, masterKeyHash, parseMasterKeyOptions, type MasterKeyOptions } from "./master-key";
export { KEY_ALPHABET, newItemKey, newVaultKey, newVaultSalt, randomString } from "./random";
export {
  generateRsaKeyPair,
  loadPrivateKey,
  loadPublicKey,
  rsaDecryptOaep,
  rsaDecryptPkcs1v15,
  rsaDecryptString,
  rsaEncryptString,
} from "./rsa";
