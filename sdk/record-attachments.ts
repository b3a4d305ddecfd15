/**
 * Record `attachments` in the program process: each file's content becomes what the provider takes —
 * text as is, a FileAsset read here (paths are relative to the program), a StringAsset's text, bytes
 * as `{ base64 }` — and the whole map is a secret, so the files are stored encrypted in the state.
 */
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/** One file: text, a `pulumi.asset.FileAsset` / `StringAsset`, bytes, or `{ base64 }`. */
export type AttachmentContent =
  string | pulumi.asset.FileAsset | pulumi.asset.StringAsset | Uint8Array | { base64: string };

type Wire = string | { base64: string };

function contentOf(name: string, value: unknown): pulumi.Input<Wire> {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString("base64") };
  if (value instanceof pulumi.asset.FileAsset)
    return pulumi.output(value.path).apply((p) => ({ base64: readFile(name, p) }));
  if (value instanceof pulumi.asset.StringAsset) return pulumi.output(value.text);
  if (value && typeof value === "object" && typeof (value as { base64?: unknown }).base64 === "string")
    return { base64: (value as { base64: string }).base64 };
  throw new Error(
    `Record attachments["${name}"]: give text, a pulumi.asset.FileAsset or StringAsset, bytes (Uint8Array) or { base64 }` +
      (value instanceof pulumi.asset.Asset
        ? " (remote assets are not supported: download the file first)"
        : ""),
  );
}

function readFile(name: string, path: string): string {
  try {
    return fs.readFileSync(path).toString("base64");
  } catch (err) {
    throw new Error(`Record attachments["${name}"]: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The provider input for `attachments` (a secret), or undefined when none are declared. */
export function attachmentsInput(
  files: pulumi.Input<{ [fileName: string]: pulumi.Input<AttachmentContent> }> | undefined,
): pulumi.Input<{ [fileName: string]: Wire }> | undefined {
  if (files === undefined) return undefined;
  // Value by value: pulumi.output() over the whole map would flatten the asset objects.
  const later = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;
  const one = (name: string, v: unknown): pulumi.Output<Wire> =>
    later(v)
      ? ((pulumi.output(v as Promise<unknown>) as pulumi.Output<unknown>).apply((x) =>
          contentOf(name, x),
        ) as pulumi.Output<Wire>)
      : (pulumi.output(contentOf(name, v)) as pulumi.Output<Wire>);
  const all = (map: unknown): pulumi.Output<{ [fileName: string]: Wire }> =>
    pulumi.all(
      Object.fromEntries(Object.entries(map as object).map(([name, v]) => [name, one(name, v)])),
    ) as pulumi.Output<{ [fileName: string]: Wire }>;
  const out = later(files)
    ? (pulumi.output(files as Promise<unknown>) as pulumi.Output<unknown>).apply(all)
    : all(files);
  return pulumi.secret(out);
}
