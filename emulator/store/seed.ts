/** What a fresh emulator holds: roles, vault types, and the admin user the CLI prints tokens for. */
import type { StoreCore } from "./core";
import { newObjectId, nowSeconds } from "./ids";
import type { UserRec } from "./model";
import { seedKeyMaterial } from "./seed-keys";

export const ADMIN_LOGIN = "admin";

export function seedBase(s: StoreCore): UserRec {
  for (const [code, name] of [
    ["owner", "Owner"],
    ["admin", "Administrator"],
    ["user", "User"],
  ] as const)
    s.db.put("roles", { id: newObjectId(), code, name });
  for (const [code, name] of [
    ["company", "Company vault"],
    ["privateShared", "Private vault"],
  ] as const)
    s.db.put("vaultTypes", { id: newObjectId(), code, name });
  const owner = [...s.db.all("roles")].find((r) => r.code === "owner");
  // Under client-side encryption a real admin has a key pair; clients (the vendor's create_vault too)
  // wrap every new vault key for each vault-type administrator's public key.
  const km = s.cse ? seedKeyMaterial() : null;
  const admin: UserRec = {
    id: newObjectId(),
    login: ADMIN_LOGIN,
    fullName: "Emulator Administrator",
    email: null,
    isServiceAccount: false,
    isBlocked: false,
    userRoleId: owner?.id ?? "",
    keys: km ? { ...km.keys } : null,
    masterKeyOptions: km ? km.masterKeyOptions : null,
    createdAt: nowSeconds(),
  };
  s.db.put("users", admin);
  return admin;
}

export function findAdmin(s: StoreCore): UserRec | undefined {
  for (const u of s.db.all("users")) if (u.login === ADMIN_LOGIN) return u;
  return undefined;
}

/** The seeded admin's master key (derived) and master password under CSE; null with encryption off. */
export function adminSecrets(s: StoreCore): { masterKey: string; masterPassword: string } | null {
  if (!s.cse) return null;
  const km = seedKeyMaterial();
  // A persisted admin seeded by an earlier process has that process's keys, which this one never knew.
  if (findAdmin(s)?.keys?.public !== km.keys.public) return null;
  return { masterKey: km.masterKey, masterPassword: km.masterPassword };
}
