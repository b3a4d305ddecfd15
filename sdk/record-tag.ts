import * as pulumi from "@pulumi/pulumi";
import { PassworkResource, type Registration } from "./base";

/** Arguments of a {@link RecordTag}. */
export interface RecordTagArgs {
  /** The record to tag (one this stack does not own; for records it owns, use `Record.tags`). */
  recordId: pulumi.Input<string>;
  /** The tag. Checked against `passwork:allowedTags` when set. */
  tag: pulumi.Input<string>;
}

const RECORD_TAG: Registration = { kind: "record-tag" };

/**
 * One tag on a record managed elsewhere (like `aws.ec2.Tag`): other tags on the record are left alone.
 * Its type token is `pulumi-nodejs:dynamic/passwork:RecordTag`; the id is `<recordId>/<tag>`.
 */
export class RecordTag extends PassworkResource {
  declare public readonly recordId: pulumi.Output<string>;
  declare public readonly tag: pulumi.Output<string>;

  constructor(name: string, args: RecordTagArgs, opts?: pulumi.CustomResourceOptions) {
    super(RECORD_TAG, name, { ...args }, opts);
  }
}
