// The reference layout of ../infrastructure (written there resource by resource) as one Layout
// declaration: environments × categories → records, tags from the path, access per branch.
// Secret values are not in the declaration: generated passwords come from the provider, and the
// secrets that come from elsewhere are passed in by the program (stack config secrets).
import type * as pulumi from "@pulumi/pulumi";
import type { LayoutSpecInput } from "pulumi-passwork";

/** Stack-config keys (project namespace) holding the secrets the records carry. */
export type ReferenceSecret =
  "mysqlRootPassword" | "redisAuth" | "awsSecretKey" | "stagingAwsSecretKey" | "k8sAdminToken";

export interface ReferenceOptions {
  /** Declare the service accounts and their grants (default true). */
  access?: boolean;
}

export function referenceLayout(
  secret: (key: ReferenceSecret) => pulumi.Input<string>,
  options: ReferenceOptions = {},
): LayoutSpecInput {
  const withAccess = options.access !== false;
  type Entry =
    | { serviceAccount: string; level: "read" | "edit" | "full" }
    | { group: string; level: "read" | "edit" | "full" };
  const access = (entries: Entry[]) => (withAccess ? { access: entries } : {});
  return {
    vault: { name: "infrastructure", type: "company" },
    ...(withAccess
      ? {
          identities: {
            serviceAccounts: [
              { login: "deploy-prod-svc" },
              { login: "deploy-staging-svc" },
              { login: "cred-rotator" },
              { login: "health-checker" },
            ],
            groups: [
              { name: "platform", description: "Platform team: full access to production and staging" },
              { name: "developers", description: "Developers: read and edit development" },
            ],
          },
        }
      : {}),
    environments: {
      production: {
        ...access([
          { serviceAccount: "deploy-prod-svc", level: "read" },
          { serviceAccount: "cred-rotator", level: "edit" },
          { serviceAccount: "health-checker", level: "read" },
          { group: "platform", level: "full" },
        ]),
        categories: {
          databases: {
            records: [
              {
                name: "mysql-primary",
                login: "root",
                url: "mysql://mysql-primary.prod.internal:3306",
                description: "Primary MySQL of the production cluster",
                password: { generate: { length: 32 } },
                customFields: {
                  MYSQL_HOST: { type: "text", value: "mysql-primary.prod.internal" },
                  MYSQL_ROOT_PASS: { type: "password", value: secret("mysqlRootPassword") },
                },
              },
              {
                name: "memcached-sessions",
                url: "memcached://sessions.prod.internal:11211",
                description: "Memcached holding web sessions (SASL)",
                password: { generate: { length: 24 } },
                customFields: { MEMCACHED_SERVERS: { type: "text", value: "sessions.prod.internal:11211" } },
              },
            ],
          },
          cloud: {
            records: [
              {
                name: "aws-credentials",
                login: "deploy-prod",
                description: "AWS access key of the production deploy user",
                customFields: {
                  AWS_ACCESS_KEY_ID: { type: "text", value: "AKIAPRODEXAMPLE00001" },
                  AWS_SECRET_KEY: { type: "password", value: secret("awsSecretKey") },
                },
              },
            ],
          },
          k8s: [
            {
              name: "cluster-admin",
              login: "cluster-admin",
              url: "https://k8s.prod.internal:6443",
              description: "Break-glass admin token of the production cluster",
              customFields: {
                KUBE_API_SERVER: { type: "text", value: "https://k8s.prod.internal:6443" },
                KUBE_TOKEN: { type: "password", value: secret("k8sAdminToken") },
              },
            },
          ],
        },
      },
      staging: {
        ...access([
          { serviceAccount: "deploy-staging-svc", level: "read" },
          { serviceAccount: "cred-rotator", level: "edit" },
          { serviceAccount: "health-checker", level: "read" },
          { group: "platform", level: "full" },
        ]),
        categories: {
          databases: {
            records: [
              {
                name: "mysql-staging",
                login: "root",
                url: "mysql://mysql.staging.internal:3306",
                description: "MySQL of the staging cluster",
                password: { generate: { length: 32 } },
                customFields: { MYSQL_HOST: { type: "text", value: "mysql.staging.internal" } },
              },
              {
                name: "redis-cache",
                url: "redis://redis.staging.internal:6379",
                description: "Redis cache of staging",
                customFields: { REDIS_AUTH: { type: "password", value: secret("redisAuth") } },
              },
            ],
          },
          cloud: {
            records: [
              {
                name: "aws-credentials",
                login: "deploy-staging",
                description: "AWS access key of the staging deploy user",
                customFields: {
                  AWS_ACCESS_KEY_ID: { type: "text", value: "AKIASTAGINGEXAMPLE01" },
                  AWS_SECRET_KEY: { type: "password", value: secret("stagingAwsSecretKey") },
                },
              },
            ],
          },
        },
      },
      development: {
        ...access([
          { serviceAccount: "health-checker", level: "read" },
          { group: "developers", level: "edit" },
        ]),
        categories: {
          // The local stack's database: tagged db although "local" is not a database category.
          local: {
            tag: "db",
            records: [
              {
                name: "docker-compose-db",
                login: "dev",
                url: "mysql://localhost:3306",
                description: "Database of the local docker-compose stack",
                password: { generate: { length: 16 } },
                customFields: { MYSQL_HOST: { type: "text", value: "localhost" } },
              },
            ],
          },
        },
      },
    },
  };
}
