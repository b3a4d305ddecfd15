/** What a fresh emulator holds: roles, vault types, and the admin user the CLI prints tokens for. */
import type { StoreCore } from "./core";
import { newObjectId, nowSeconds } from "./ids";
import type { UserRec } from "./model";

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
  const admin: UserRec = {
    id: newObjectId(),
    login: ADMIN_LOGIN,
    fullName: "Emulator Administrator",
    email: null,
    isServiceAccount: false,
    isBlocked: false,
    userRoleId: owner?.id ?? "",
    keys: null,
    masterKeyOptions: null,
    createdAt: nowSeconds(),
  };
  s.db.put("users", admin);
  return admin;
}

export function findAdmin(s: StoreCore): UserRec | undefined {
  for (const u of s.db.all("users")) if (u.login === ADMIN_LOGIN) return u;
  return undefined;
}
