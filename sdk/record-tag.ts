import * as pulumi from "@pulumi/pulumi";
import { recordTagProvider } from "./shim";
import { pausePromiseTraces } from "./promise-traces";

/** Arguments of a {@link RecordTag}. */
export interface RecordTagArgs {
  /** The record to tag (one this stack does not own; for records it owns, use `Record.tags`). */
  recordId: pulumi.Input<string>;
  /** The tag. Checked against `passwork:allowedTags` when set. */
  tag: pulumi.Input<string>;
}

/**
 * One tag on a record managed elsewhere (like `aws.ec2.Tag`): other tags on the record are left alone.
 * Its type token is `pulumi-nodejs:dynamic/passwork:RecordTag`; the id is `<recordId>/<tag>`.
 */
export class RecordTag extends pulumi.dynamic.Resource {
  declare public readonly recordId: pulumi.Output<string>;
  declare public readonly tag: pulumi.Output<string>;

  constructor(name: string, args: RecordTagArgs, opts?: pulumi.CustomResourceOptions) {
    const traces = pausePromiseTraces(); // see ./promise-traces
    try {
      super(recordTagProvider, name, { ...args }, opts, "passwork", "RecordTag");
    } catch (err) {
      throw traces.rethrow(err);
    }
    traces.resume();
  }
}
