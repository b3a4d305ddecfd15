/**
 * Two ways to call the providers with the same scenario: directly (the implementation modules) and
 * through the real dynamic-provider host over gRPC with the stored provider texts (sdk/shim.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { storedProviderText } from "../../sdk/shim";
import { GrpcProviderHost, REPO_ROOT } from "./grpc-harness";

export type Kind = "vault" | "folder" | "record" | "record-tag" | "shortcut";
type Props = Record<string, any>;

export interface Driver {
  check(
    kind: Kind,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(
    kind: Kind,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(kind: Kind, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(
    kind: Kind,
    id: string,
    props: Props,
  ): Promise<{ id: string | undefined; props: Props; inputs: Props | undefined }>;
  update(kind: Kind, id: string, olds: Props, news: Props): Promise<Props>;
  delete(kind: Kind, id: string, props: Props): Promise<void>;
  close(): Promise<void>;
}

export function directDriver(): Driver {
  const impl = (kind: Kind): pulumi.dynamic.ResourceProvider =>
    require(`../../provider/resources/${kind}`).provider;
  return {
    check: async (k, o, n) => {
      const r = await impl(k).check!(o, n);
      return { inputs: r.inputs ?? {}, failures: [...(r.failures ?? [])] };
    },
    diff: async (k, id, o, n) => {
      const r = await impl(k).diff!(id, o, n);
      return {
        changes: r.changes === true,
        replaces: [...(r.replaces ?? [])],
        deleteBeforeReplace: r.deleteBeforeReplace === true,
      };
    },
    create: async (k, i) => {
      const r = await impl(k).create(i);
      return { id: r.id, outs: r.outs ?? {} };
    },
    read: async (k, id, p) => {
      const r = await impl(k).read!(id, p);
      return { id: r.id, props: r.props ?? {}, inputs: r.inputs };
    },
    update: async (k, id, o, n) => (await impl(k).update!(id, o, n)).outs ?? {},
    delete: async (k, id, p) => impl(k).delete!(id, p),
    close: async () => undefined,
  };
}

const TYPES: Record<Kind, string> = {
  vault: "Vault",
  folder: "Folder",
  record: "Record",
  "record-tag": "RecordTag",
  shortcut: "Shortcut",
};

/** Requires the compiled package (`npm run build`): the texts load `pulumi-passwork/dist/...` by name. */
export async function grpcDriver(
  config: Record<string, string>,
): Promise<Driver & { host: GrpcProviderHost; texts: Record<Kind, string> }> {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/resources/record.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before the gRPC provider tests");
  }
  const texts = {
    vault: storedProviderText("vault"),
    folder: storedProviderText("folder"),
    record: storedProviderText("record"),
    "record-tag": storedProviderText("record-tag"),
    shortcut: storedProviderText("shortcut"),
  };
  const host = await GrpcProviderHost.start();
  await host.configure(config);
  const urn = (k: Kind) => host.urn(TYPES[k], `${k}-under-test`);
  const withText = (k: Kind, p: Props) => ({ ...p, __provider: texts[k] });
  return {
    host,
    texts,
    check: (k, o, n) => host.check(urn(k), o, withText(k, n)),
    diff: async (k, id, o, n) => {
      const r = await host.diff(urn(k), id, o, withText(k, n));
      return {
        changes: r.changes === "some",
        replaces: r.replaces,
        deleteBeforeReplace: r.deleteBeforeReplace,
      };
    },
    create: (k, i) => host.create(urn(k), withText(k, i)),
    read: async (k, id, p) => {
      const r = await host.read(urn(k), id, withText(k, p));
      return { id: r.id === "" ? undefined : r.id, props: r.props, inputs: r.inputs };
    },
    update: (k, id, o, n) => host.update(urn(k), id, withText(k, o), withText(k, n)),
    delete: (k, id, p) => host.delete(urn(k), id, withText(k, p)),
    close: () => host.close(),
  };
}
