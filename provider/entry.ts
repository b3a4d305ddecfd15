/**
 * The module every resource's stored provider names. After 0.1.0 the `__provider` text in the state is
 * `module.exports=require("pulumi-passwork/dist/provider/entry")("<kind>")` (sdk/shim.ts): this module
 * is a function of the kind. The dynamic-provider host evaluates that text, calls `handler()` on what it
 * exports, then `configure(req)` once, then the resource methods. States outlive versions, and the host
 * deletes and refreshes a resource with the text stored at its last create/update: this path, its
 * export and every kind name below are a contract, like the type tokens. (Texts written by 0.1.0 and earlier name dist/provider/resources/<kind>
 * `.provider` and dist/provider/configure `.configure` instead; those stay loadable too:
 * tests/provider/legacy-shim.ts.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { configure } from "./configure";

type Provider = pulumi.dynamic.ResourceProvider;

/** Loaded on first use: a provider process serving only records never loads the access modules. */
const IMPLEMENTATIONS: Record<string, () => Provider> = {
  vault: () => require("./resources/vault").provider,
  folder: () => require("./resources/folder").provider,
  record: () => require("./resources/record").provider,
  "record-tag": () => require("./resources/record-tag").provider,
  shortcut: () => require("./resources/shortcut").provider,
  "vault-access": () => require("./resources/vault-access").provider,
  "folder-access": () => require("./resources/folder-access").provider,
  "access-policy": () => require("./resources/access-policy").provider,
  group: () => require("./resources/group").provider,
  "service-account": () => require("./resources/service-account").provider,
};

const made = new Map<string, Provider>();

/**
 * The provider of one resource kind, as the host expects it: the kind's implementation plus `configure`,
 * which hands the stack config to the settings modules. Each method the implementation has is
 * delegated (never copied off it, so an implementation may use `this`); one it lacks stays absent, which
 * the host treats as its documented default.
 */
function provider(kind: string): Provider {
  const cached = made.get(kind);
  if (cached) return cached;
  const load = Object.hasOwn(IMPLEMENTATIONS, kind) ? IMPLEMENTATIONS[kind] : undefined;
  if (load === undefined)
    throw new Error(
      `__provider names the resource kind "${kind}", which this version of pulumi-passwork does not have (known: ${Object.keys(IMPLEMENTATIONS).join(", ")}). Install the version that made this state, or a newer one.`,
    );
  const result = delegating(load());
  made.set(kind, result);
  return result;
}

/** `impl`'s methods called on `impl` (so it may use `this`), plus `configure`; a method it lacks stays absent. */
function delegating(impl: Provider): Provider {
  const p: Provider = {
    configure: async (req) => configure(req),
    create: (inputs) => impl.create(inputs),
  };
  const { check, diff, read, update } = impl;
  const remove = impl.delete;
  if (check) p.check = (olds, news) => check.call(impl, olds, news);
  if (diff) p.diff = (id, olds, news) => diff.call(impl, id, olds, news);
  if (read) p.read = (id, props) => read.call(impl, id, props);
  if (update) p.update = (id, olds, news) => update.call(impl, id, olds, news);
  if (remove) p.delete = (id, props) => remove.call(impl, id, props);
  return p;
}

/** What a stored text evaluates to: the module shape the host expects (`handler()` returns the provider). */
function storedProvider(kind: string): { handler(): Provider } {
  provider(kind); // an unknown kind fails here, when the host evaluates the text
  return { handler: () => provider(kind) };
}

export = storedProvider;
