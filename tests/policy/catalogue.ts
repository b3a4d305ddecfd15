// One program that breaks every rule of the pack, each variant on its own resource, so a single
// preview yields the whole catalogue; `expected` says which rule must report what on which resource.
// Everything not meant to break a rule is well kept (tags, descriptions, generated passwords), so the
// test can also assert that nothing else is reported.
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";

export interface Expected {
  rule: string;
  /** Logical name of the resource the violation is reported on. */
  resource: string;
  /** The violation text (the message's last line), exactly. */
  message: string;
}

/** A password value given in the program: it must never appear in a violation message. */
export const GIVEN_PASSWORD = "given-in-program-7f3c2a";
export const LITERAL_USER_ID = "5f0c0ffee0ddba11ab1e0001";
export const LITERAL_GROUP_ID = "5f0c0ffee0ddba11ab1e0002";
export const LAYOUT_USER_ID = "5f0c0ffee0ddba11ab1e0003";

const good = { description: "A well described production secret", generatePassword: { length: 32 } };

export function catalogueProgram(): () => Promise<void> {
  return async () => {
    const vault = new passwork.Vault("catalogue", { name: "catalogue", vaultType: "company" });
    const prod = new passwork.Folder("f-prod", { name: "production", vaultId: vault.id });
    const db = new passwork.Folder("f-db", { name: "databases", vaultId: vault.id, parentFolderId: prod.id });
    const stg = new passwork.Folder("f-stg", { name: "staging", vaultId: vault.id });
    new passwork.Folder("f-temp", { name: "temp-pass", vaultId: vault.id, parentFolderId: stg.id });
    const inDb = (name: string, args: Partial<passwork.RecordArgs> = {}) =>
      new passwork.Record(name, {
        name,
        vaultId: vault.id,
        folderId: db.id,
        tags: ["production", "db"],
        ...good,
        ...args,
      });
    inDb("mysql-primary");
    inDb("secret1");
    inDb("asdf123");
    inDb("12345");
    inDb("x");
    inDb("password");
    inDb("new");
    inDb("redis_cache");
    inDb("no-env-tag", { tags: ["db"] });
    inDb("two-env-tags", { tags: ["production", "staging", "db"] });
    inDb("no-category", { tags: ["production"] });
    inDb("staging-in-prod", { tags: ["staging", "db"] });
    inDb("bad-field-name", { customFields: { "mysql-root pass": { value: "v", type: "text" } } });
    inDb("lowercase-field", { customFields: { db_host: { value: "v", type: "text" } } });
    inDb("mysql-replica", {
      customFields: { "DB-HOST": { value: "a", type: "text" }, DB_HOST: { value: "b", type: "text" } },
    });
    inDb("cache-token", { customFields: { cache_token: { value: "c", type: "password" } } });
    const { generatePassword: _generated, ...noGenerate } = good;
    new passwork.Record("given-password", {
      name: "given-password",
      vaultId: vault.id,
      folderId: db.id,
      tags: ["production", "db"],
      ...noGenerate,
      password: pulumi.secret(GIVEN_PASSWORD),
    });
    inDb("short-generated", { generatePassword: { length: 12 } });
    inDb("undocumented", { description: undefined });
    inDb("terse", { description: "db" });
    new passwork.Record("redis-staging", {
      name: "redis-staging",
      vaultId: vault.id,
      folderId: stg.id,
      tags: ["staging", "db"],
      ...good,
    });

    const deployer = new passwork.ServiceAccount("deployer-svc", { login: "deployer-svc" });
    const backup = new passwork.ServiceAccount("backup-svc", { login: "backup-svc" });
    const rotator = new passwork.ServiceAccount("cred-rotator", { login: "cred-rotator" });
    new passwork.FolderAccess("deployer-edit-db", {
      folderId: db.id,
      principal: { serviceAccountId: deployer.id },
      level: "edit",
    });
    new passwork.FolderAccess("rotator-edit-prod", {
      folderId: prod.id,
      principal: { serviceAccountId: rotator.id },
      level: "edit",
    });
    new passwork.VaultAccess("backup-full-vault", {
      vaultId: vault.id,
      principal: { serviceAccountId: backup.id },
      level: "full",
    });
    new passwork.FolderAccess("user-on-prod", {
      folderId: prod.id,
      principal: { userId: LITERAL_USER_ID },
      level: "read",
    });
    new passwork.FolderAccess("bare-group-on-staging", {
      folderId: stg.id,
      principal: { groupId: LITERAL_GROUP_ID },
      level: "read",
    });
    new passwork.Vault("private-notes", { name: "private-notes", vaultType: "privateShared" });

    // The same rules through a Layout (its own construction checks pass; the pack still refuses).
    new passwork.Layout("ops", {
      principalIds: { users: { alice: LAYOUT_USER_ID } },
      spec: {
        vault: { name: "ops", type: "privateShared" },
        identities: { serviceAccounts: [{ login: "ops-deployer" }] },
        environments: {
          production: {
            access: [
              { serviceAccount: "ops-deployer", level: "edit" },
              { user: "alice", level: "read" },
            ],
            categories: {
              databases: [
                { name: "postgres-main", password: { generate: { length: 32 } } },
                {
                  name: "postgres-replica",
                  description: "Read replica of the main Postgres",
                  password: { value: pulumi.secret(GIVEN_PASSWORD) },
                },
                {
                  name: "postgres-reporting",
                  description: "Reporting user of the main Postgres",
                  password: { generate: { length: 10 } },
                },
              ],
            },
          },
        },
      },
    });
  };
}

const rec = (name: string) => `Record "${name}"`;
const placeholder = (name: string, reason: string) => ({
  rule: "passwork-purposeful-names",
  resource: name,
  message: `${rec(name)}: name "${name}" ${reason} — name it for what it holds, e.g. mysql-primary or aws-credentials`,
});

export const expected: Expected[] = [
  placeholder("secret1", "is a placeholder, not a purpose"),
  placeholder("asdf123", "is a placeholder, not a purpose"),
  placeholder("12345", "is only digits"),
  placeholder("x", "is a single letter"),
  placeholder("password", "is a placeholder, not a purpose"),
  placeholder("new", "is a placeholder, not a purpose"),
  {
    rule: "passwork-purposeful-names",
    resource: "f-temp",
    message: `Folder "f-temp": name "temp-pass" is a placeholder, not a purpose — name it for what it holds, e.g. databases or cloud`,
  },
  {
    rule: "passwork-one-naming-style",
    resource: "redis_cache",
    message: `${rec("redis_cache")}: name "redis_cache" is not kebab-case, but most names in vault "catalogue" are kebab-case — rename it in that style (e.g. mysql-primary)`,
  },
  {
    rule: "passwork-environment-tag",
    resource: "no-env-tag",
    message: `${rec("no-env-tag")}: tags carry no environment tag — add exactly one of production, staging, development`,
  },
  {
    rule: "passwork-environment-tag",
    resource: "two-env-tags",
    message: `${rec("two-env-tags")}: tags carry 2 environment tags (production, staging) — keep exactly one; a record belongs to one environment`,
  },
  {
    rule: "passwork-category-tag",
    resource: "no-category",
    message: `${rec("no-category")}: tags carry no category tag — add at least one of db, cloud, k8s, mq, web, ci, monitoring, shared`,
  },
  {
    rule: "passwork-environment-matches-path",
    resource: "staging-in-prod",
    message: `${rec("staging-in-prod")}: tag "staging" disagrees with its folder path "production/databases" (environment production) — tag it production or move it under a staging folder`,
  },
  {
    rule: "passwork-environment-matches-path",
    resource: "two-env-tags",
    message: `${rec("two-env-tags")}: tag "staging" disagrees with its folder path "production/databases" (environment production) — tag it production or move it under a staging folder`,
  },
  {
    rule: "passwork-field-names",
    resource: "bad-field-name",
    message: `${rec("bad-field-name")}: customFields name "mysql-root pass" does not match ^[A-Z][A-Z0-9_]*$; passwork-cli exec would export it as mysql_root_pass — rename it to MYSQL_ROOT_PASS`,
  },
  {
    rule: "passwork-field-names",
    resource: "lowercase-field",
    message: `${rec("lowercase-field")}: customFields name "db_host" does not match ^[A-Z][A-Z0-9_]*$ — rename it to DB_HOST`,
  },
  {
    rule: "passwork-field-names",
    resource: "mysql-replica",
    message: `${rec("mysql-replica")}: customFields name "DB-HOST" does not match ^[A-Z][A-Z0-9_]*$; passwork-cli exec would export it as DB_HOST — rename it to DB_HOST`,
  },
  {
    rule: "passwork-field-names",
    resource: "cache-token",
    message: `${rec("cache-token")}: customFields name "cache_token" does not match ^[A-Z][A-Z0-9_]*$ — rename it to CACHE_TOKEN`,
  },
  {
    rule: "passwork-field-collisions",
    resource: "mysql-replica",
    message: `${rec("mysql-replica")}: customFields field "DB-HOST" and field "DB_HOST" all become DB_HOST in passwork-cli exec, so one overwrites the other — rename one of them`,
  },
  {
    rule: "passwork-field-collisions",
    resource: "cache-token",
    message: `${rec("cache-token")}: customFields the password (record name "cache-token") and field "cache_token" all become cache_token in passwork-cli exec, so one overwrites the other — rename one of them`,
  },
  {
    rule: "passwork-generated-passwords",
    resource: "given-password",
    message: `${rec("given-password")}: password is given in the program — use generatePassword (rotated by the provider), or passwordMode "seed" if people own it after the first write`,
  },
  {
    rule: "passwork-generated-password-length",
    resource: "short-generated",
    message: `${rec("short-generated")}: generatePassword.length is 12, below the minimum of 16 — set generatePassword.length to 16 or more`,
  },
  {
    rule: "passwork-production-descriptions",
    resource: "undocumented",
    message: `${rec("undocumented")}: description is empty, but it is tagged production — describe what it is and who uses it (at least 10 characters)`,
  },
  {
    rule: "passwork-production-descriptions",
    resource: "terse",
    message: `${rec("terse")}: description is only 2 characters long, but it is tagged production — describe what it is and who uses it (at least 10 characters)`,
  },
  {
    rule: "passwork-service-account-ceiling",
    resource: "deployer-edit-db",
    message: `FolderAccess "deployer-edit-db": level "edit" for service account "deployer-svc" on production folder "production/databases" is above read — lower level to read, or allow it in the policy config (accounts: {"deployer-svc": "edit"})`,
  },
  {
    rule: "passwork-service-account-ceiling",
    resource: "rotator-edit-prod",
    message: `FolderAccess "rotator-edit-prod": level "edit" for service account "cred-rotator" on production folder "production" is above read — lower level to read, or allow it in the policy config (accounts: {"cred-rotator": "edit"})`,
  },
  {
    rule: "passwork-service-account-ceiling",
    resource: "backup-full-vault",
    message: `VaultAccess "backup-full-vault": level "full" for service account "backup-svc" on the whole vault, which includes production folder "production" is above read — lower level to read, or allow it in the policy config (accounts: {"backup-svc": "full"})`,
  },
  {
    rule: "passwork-groups-only-on-production",
    resource: "user-on-prod",
    message: `FolderAccess "user-on-prod": principal is user ${LITERAL_USER_ID}, granted directly on production folder "production" — grant a group the user belongs to instead (principal: {groupId})`,
  },
  {
    rule: "passwork-named-principals",
    resource: "user-on-prod",
    message: `FolderAccess "user-on-prod": principal is user id ${LITERAL_USER_ID}, which no ServiceAccount or Group of this stack declares — declare the principal in the stack (or in a Layout's identities), or name the id in the policy config knownPrincipals`,
  },
  {
    rule: "passwork-named-principals",
    resource: "bare-group-on-staging",
    message: `FolderAccess "bare-group-on-staging": principal is group id ${LITERAL_GROUP_ID}, which no ServiceAccount or Group of this stack declares — declare the principal in the stack (or in a Layout's identities), or name the id in the policy config knownPrincipals`,
  },
  {
    rule: "passwork-vault-administrators",
    resource: "private-notes",
    message: `Vault "private-notes": vault "private-notes" would have 1 administrator(s) (the creating identity, 0 administrator(s) of vault type "privateShared", 0 admin grant(s)), fewer than 2 — add a VaultAccess with level "admin" for a group or a second person, so losing one account does not orphan the vault`,
  },
  // Through the Layout:
  {
    rule: "passwork-vault-administrators",
    resource: "ops/vault",
    message: `Vault "ops/vault": vault "ops" would have 1 administrator(s) (the creating identity, 0 administrator(s) of vault type "privateShared", 0 admin grant(s)), fewer than 2 — add a VaultAccess with level "admin" for a group or a second person, so losing one account does not orphan the vault`,
  },
  {
    rule: "passwork-service-account-ceiling",
    resource: "ops/folder-access/production/serviceAccount/ops-deployer",
    message: `FolderAccess "ops/folder-access/production/serviceAccount/ops-deployer": level "edit" for service account "ops-deployer" on production folder "production" is above read — lower level to read, or allow it in the policy config (accounts: {"ops-deployer": "edit"})`,
  },
  {
    rule: "passwork-groups-only-on-production",
    resource: "ops/folder-access/production/user/alice",
    message: `FolderAccess "ops/folder-access/production/user/alice": principal is user "alice", granted directly on production folder "production" — grant a group the user belongs to instead (principal: {groupId})`,
  },
  {
    rule: "passwork-production-descriptions",
    resource: "ops/record/production/databases/postgres-main",
    message: `Record "ops/record/production/databases/postgres-main": description is empty, but it is tagged production — describe what it is and who uses it (at least 10 characters)`,
  },
  {
    rule: "passwork-generated-passwords",
    resource: "ops/record/production/databases/postgres-replica",
    message: `Record "ops/record/production/databases/postgres-replica": password is given in the program — use generatePassword (rotated by the provider), or passwordMode "seed" if people own it after the first write`,
  },
  {
    rule: "passwork-generated-password-length",
    resource: "ops/record/production/databases/postgres-reporting",
    message: `Record "ops/record/production/databases/postgres-reporting": generatePassword.length is 10, below the minimum of 16 — set generatePassword.length to 16 or more`,
  },
];
