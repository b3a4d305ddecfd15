import { z } from "zod";
import { ObjectId } from "./common";

/** GET /api/v1/users/keys: the caller's RSA key pair, private key AES-encrypted with the master key. */
export const UserKeysSchema = z.looseObject({
  id: ObjectId,
  keys: z.looseObject({ public: z.string(), privateEncrypted: z.string() }),
});
export type UserKeys = z.infer<typeof UserKeysSchema>;

/** GET /api/v1/users/master-key/options → "pbkdf:sha256:<iterations>:<bytes>:<salt>". */
export const MasterKeyOptionsSchema = z.looseObject({ masterKeyOptions: z.string() });

/** GET /api/v1/users/{id}/public-key */
export const PublicKeySchema = z.looseObject({ publicKey: z.string() });
