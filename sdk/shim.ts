/**
 * The provider each resource stores in the state (`__provider`). The dynamic-provider host in
 * `@pulumi/pulumi` (cmd/dynamic-provider) needs only the text of a CommonJS module whose `handler()`
 * returns the provider: it evaluates the text in the program's directory, calls `handler()`, then
 * `configure(req)` once per distinct text, then the resource methods. So the text is written here by
 * hand instead of by Pulumi's closure serializer (which made 2.4 KB of wrapper functions per kind,
 * stored twice in every resource's state and rewritten at every step): it names the implementation by
 * package name only — no copy of our code, no credential, no absolute path — and a stack made from
 * one checkout is refreshed from another. The module it names is provider/entry.ts, a contract kept
 * for every text ever written (tests/provider/stored-provider.spec.ts).
 */
export type ResourceKind =
  | "vault"
  | "folder"
  | "record"
  | "record-tag"
  | "shortcut"
  | "vault-access"
  | "folder-access"
  | "access-policy"
  | "group"
  | "service-account";

/**
 * The `__provider` text of one kind (~70 bytes). Double quotes, as every text before it had:
 * tests/engine/infrastructure.spec.ts looks for `require("pulumi-passwork/dist/provider`. Changing the
 * text changes every resource's stored inputs.
 */
export function storedProviderText(kind: ResourceKind): string {
  return `module.exports=require("pulumi-passwork/dist/provider/entry")("${kind}")`;
}
