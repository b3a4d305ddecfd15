// A second stack that consumes ../infrastructure: it reads the folder and record IDs through a
// StackReference and pulls the production database secrets with getSecrets (what `passwork-cli exec
// --folder-id` would inject). Secrets stay secret across stacks: the env map and the DSN built from it
// are secret outputs, stored encrypted in this stack's state too.
import * as pulumi from "@pulumi/pulumi";
import * as passwork from "pulumi-passwork";

// Which stack to read: `pulumi config set infrastructureStack organization/passwork-infrastructure/prod`
// (the default in Pulumi.yaml is that project's `dev` stack).
const infrastructureStack = new pulumi.Config().require("infrastructureStack");
const infra = new pulumi.StackReference("infrastructure", { name: infrastructureStack });
const folderIds = infra.requireOutput("folderIds") as pulumi.Output<Record<string, string>>;
const recordIds = infra.requireOutput("recordIds") as pulumi.Output<Record<string, string>>;

export const databasesFolderId = folderIds.apply((ids) => {
  const id = ids["production/databases"];
  if (id === undefined)
    throw new Error(`stack ${infrastructureStack} exports no folderIds["production/databases"]`);
  return id;
});
const databases = databasesFolderId.apply((folderId) => passwork.getSecrets({ folderId }));
const env = databases.apply((s) => s.env);

export const mysqlPrimaryRecordId = recordIds.apply((ids) => ids["production/databases/mysql-primary"]);
/** Names only: safe to show. */
export const databaseEnvNames = databases.apply((s) => s.names);
/** The whole env map: secret. */
export const databaseEnv = env;
/** A value derived from secrets is secret too. */
export const mysqlDsn = pulumi.secret(
  env.apply((e) => `mysql://root:${e["MYSQL_ROOT_PASS"] ?? ""}@${e["MYSQL_HOST"] ?? ""}:3306/`),
);
