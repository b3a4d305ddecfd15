// The performance floor: a dynamic provider that does nothing but what the engine requires of one.
// Same engine, same provider process (pulumi-resource-pulumi-nodejs), same per-property diff and
// complete outputs as the real providers, but no HTTP and no storage: whatever a real resource costs
// above this is ours. It captures nothing, so the serialized `__provider` is small and self-contained.
import * as pulumi from "@pulumi/pulumi";

export interface FloorInputs {
  /** Stored and diffed like a real name; a change is an in-place update. */
  name: pulumi.Input<string>;
  /** Any JSON payload; a change is an in-place update. */
  value?: pulumi.Input<string>;
  /** A secret-bearing input, to check that secrets stay encrypted in state. */
  secretValue?: pulumi.Input<string>;
  /** A change replaces the resource (like moving a record to another vault). */
  partition?: pulumi.Input<string>;
}

type Props = Record<string, unknown>;

export const floorProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: Props, news: Props) {
    const failures =
      typeof news["name"] === "string" && news["name"].trim() === ""
        ? [{ property: "name", reason: "must not be empty" }]
        : [];
    return { inputs: news, failures };
  },
  async diff(_id: string, olds: Props, news: Props) {
    // `__provider` differs whenever the code moves; that alone is no change (design rule 6).
    const keys = ["name", "value", "secretValue", "partition"];
    const changed = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return {
      changes: changed.length > 0,
      replaces: changed.filter((k) => k === "partition"),
      deleteBeforeReplace: false,
    };
  },
  async create(inputs: Props) {
    const { randomUUID } = require("crypto");
    return { id: `floor-${randomUUID()}`, outs: { ...inputs } };
  },
  async read(id: string, props: Props) {
    return { id, props };
  },
  async update(_id: string, _olds: Props, news: Props) {
    return { outs: { ...news } };
  },
  async delete() {
    /* nothing to delete */
  },
};

export class FloorResource extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly value: pulumi.Output<string | undefined>;
  declare readonly secretValue: pulumi.Output<string | undefined>;

  constructor(name: string, args: FloorInputs, opts?: pulumi.CustomResourceOptions) {
    super(
      floorProvider,
      name,
      { value: undefined, secretValue: undefined, partition: undefined, ...args },
      { ...opts, additionalSecretOutputs: ["secretValue"] },
      "floor",
      "Noop",
    );
  }
}
