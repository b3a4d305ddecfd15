/**
 * Real Passwork responses saved by the vendor's Python connector (tests/fixtures/vendor, unchanged),
 * with the master keys and plaintexts documented alongside them (shared vectors README).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ItemSchema, type Item } from "../../../protocol/items";
import { UserKeysSchema, type UserKeys } from "../../../protocol/keys";

const VENDOR = join(__dirname, "..", "..", "fixtures", "vendor");

export function readVendorJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(VENDOR, relative), "utf8"));
}
export const readVendorItem = (relative: string): Item => ItemSchema.parse(readVendorJson(relative));
export const readVendorUserKeys = (relative: string): UserKeys =>
  UserKeysSchema.parse(readVendorJson(relative));

export const PASSWORD = "kzwugR]VH-9KF0:~d8h%";
const CUSTOM_LOGIN = { name: "Custom name", type: "text", value: "custom-login" } as const;
const CUSTOM_PASSWORD = { name: "Custom password", type: "password", value: "lANeOlEzJ9f2isl$60=q" } as const;

export interface VendorSet {
  set: "v0.1.3" | "v0.2.0";
  userKeysFile: string;
  itemFile: string;
  masterKey: string;
  masterKeyHash: string;
  itemKeyLength: number;
  customs: { name: string; type: "text" | "password" | "totp"; value: string }[];
}

export const VENDOR_SETS: VendorSet[] = [
  {
    set: "v0.1.3",
    userKeysFile: "v0.1.3/user_keys_response.json",
    itemFile: "v0.1.3/item_response.json",
    masterKey: "9XwaDw2uumh15+1KMmjIHqZtSQqBb28wiOOdmM376SSGxViRD833HTklq31dJmo7JUrB8gIgY3l8AtWqDKmEog==",
    masterKeyHash: "82a963e59aac71dacd2e9682f645a6d37a831944ab1f897d883920f43330b6ed",
    itemKeyLength: 32,
    customs: [CUSTOM_LOGIN, CUSTOM_PASSWORD, { name: "Custom TOTP", type: "totp", value: "abc" }],
  },
  {
    set: "v0.2.0",
    userKeysFile: "v0.2.0/user_keys_response.json",
    itemFile: "v0.2.0/encrypted_item_response.json",
    masterKey: "/SzdXs1hNVP1H1+8m7AGrcVpbN2AaBV/cEdWYtF7TQwfizY+K1ukUNX6j6rNHvLG0v/wCICkDXSd6yQiD0ou9w==",
    masterKeyHash: "1f7e87ca6093cb897ca4cd930d4b48c6dec06c004533915c265205aa19a7d33c",
    itemKeyLength: 100,
    customs: [
      CUSTOM_LOGIN,
      CUSTOM_PASSWORD,
      { name: "Custom TOTP", type: "totp", value: "RNYGXTPKMNW53KSCMLCMMYQ3Z6" },
    ],
  },
];
