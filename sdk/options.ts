import * as pulumi from "@pulumi/pulumi";

/** The user's options with our secret outputs added to theirs (never replacing them). */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[],
): pulumi.CustomResourceOptions {
  const theirs = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...theirs, ...secretOutputs])] };
}

/*
 * Outputs that alias `id`: outputs documented as "same as `id`" (Vault.vaultId, Folder.folderId, Record.recordId,
 * Group.groupId, ServiceAccount.serviceAccountId) are the resource's own `id` output, not a declared
 * property. Every declared property costs the program process four captured stack traces in
 * @pulumi/pulumi's runtime (runtime/rpc.js transferProperties → runtime/debuggable.js), the largest
 * per-resource cost of a no-change `up` (bench/results/profile-no-change.md). The provider still returns
 * these outputs, so the state and stack references are unchanged.
 */
