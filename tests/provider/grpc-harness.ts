/**
 * Drives the real dynamic-provider host shipped in @pulumi/pulumi (the exact code the engine talks
 * to) over gRPC, the way the engine does (reference/pulumi-dynamic-providers.md §4.3): spawn it with
 * `node`, read its port, `configure` with the stack config, then check/diff/create/read/update/delete
 * with `__provider` texts made by `pulumi.runtime.serializeFunction`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";

const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The serialized provider text exactly as `dynamic.Resource` stores it in `__provider`. */
export async function serializeProvider(provider: unknown): Promise<string> {
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

export interface DiffAnswer {
  changes: "unknown" | "none" | "some";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

type Props = Record<string, unknown>;

export class GrpcProviderHost {
  private readonly client: any;
  /** Everything the host printed (stdout after the port line, stderr). */
  output = "";

  private constructor(
    private readonly child: ChildProcess,
    port: number,
    private readonly project: string,
  ) {
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  /** Spawns the host in `cwd` (where the serialized `require("pulumi-passwork/...")` resolves). */
  static async start(
    opts: { cwd?: string; project?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<GrpcProviderHost> {
    const server = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [opts.cwd ?? REPO_ROOT] });
    const project = opts.project ?? "harness";
    const child = spawn(process.execPath, [server, "127.0.0.1:1"], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH, ...opts.env, PULUMI_NODEJS_PROJECT: project },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffered = "";
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`provider host did not print its port: ${buffered}`)),
        15_000,
      );
      child.stdout!.on("data", (d: Buffer) => {
        buffered += d.toString();
        const m = /^(\d+)\s*$/m.exec(buffered);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.stderr!.on("data", (d: Buffer) => (buffered += d.toString()));
      child.on("exit", (code) => reject(new Error(`provider host exited (${code}): ${buffered}`)));
    });
    const host = new GrpcProviderHost(child, port, project);
    child.stdout!.on("data", (d: Buffer) => (host.output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (host.output += d.toString()));
    return host;
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](req, (err: grpc.ServiceError | null, res: T) => (err ? reject(err) : resolve(res)));
    });
  }

  /** Sends stack config the way the engine does: fully qualified keys, string values. */
  async configure(config: Record<string, string>): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(config));
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(config)) vars.set(k, v);
    await this.call("configure", req);
  }

  urn(type: string, name: string): string {
    return `urn:pulumi:test::${this.project}::pulumi-nodejs:dynamic/passwork:${type}::${name}`;
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<any>("check", req);
    return {
      inputs: res.getInputs()?.toJavaScript() ?? {},
      failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    const req = new provproto.DiffRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<any>("diff", req);
    const changes = ({ 0: "unknown", 1: "none", 2: "some" } as const)[res.getChanges() as 0 | 1 | 2];
    return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
  }

  async create(urn: string, props: Props): Promise<{ id: string; outs: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(Struct.fromJavaScript(props));
    const res = await this.call<any>("create", req);
    return { id: res.getId(), outs: res.getProperties().toJavaScript() };
  }

  async read(
    urn: string,
    id: string,
    props: Props,
    inputs?: Props,
  ): Promise<{ id: string; props: Props; inputs: Props | undefined }> {
    const req = new provproto.ReadRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(props));
    if (inputs) req.setInputs(Struct.fromJavaScript(inputs));
    const res = await this.call<any>("read", req);
    return {
      id: res.getId(),
      props: res.getProperties()?.toJavaScript() ?? {},
      inputs: res.getInputs()?.toJavaScript(),
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setOlds(Struct.fromJavaScript(olds));
    req.setNews(Struct.fromJavaScript(news));
    const res = await this.call<any>("update", req);
    return res.getProperties().toJavaScript();
  }

  async delete(urn: string, id: string, props: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setUrn(urn);
    req.setId(id);
    req.setProperties(Struct.fromJavaScript(props));
    await this.call("delete", req);
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once("exit", r));
      this.child.kill();
      await exited;
    }
  }
}
