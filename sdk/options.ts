import * as pulumi from "@pulumi/pulumi";

/** The user's options with our secret outputs added to theirs (never replacing them). */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: string[],
): pulumi.CustomResourceOptions {
  const theirs = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...theirs, ...secretOutputs])] };
}
