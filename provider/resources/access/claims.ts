/**
 * Keeps an AccessPolicy and single grants (VaultAccess / FolderAccess) off the same directory.
 *
 * A dynamic provider cannot see other resources' state, so the check is made where it can be:
 * every access resource of a deployment is served by the same provider process, which loads this
 * module once. Each resource claims its directory when its inputs are known (at check, else at
 * create/update); a claim of the other kind on the same directory fails with both named. Read does
 * not claim (refresh also reads resources the program no longer declares), delete releases.
 * Limitation (documented in the report and the sdk JSDoc): two *different* stacks, or two
 * deployments, are not compared; there the policy simply removes the undeclared grant and reports
 * it in `willRemove`.
 */
export type ClaimKind = "policy" | "grant";

interface Claim {
  kind: ClaimKind;
  label: string;
}

const claims = new Map<string, Map<string, Claim>>();

/** Registers `owner` (a stable key for the resource, e.g. `grant:<dir>:<principal>`) on `directoryId`. */
export function claimDirectory(directoryId: string, kind: ClaimKind, owner: string, label: string): void {
  const here = claims.get(directoryId) ?? new Map<string, Claim>();
  for (const [otherOwner, other] of here) {
    if (otherOwner === owner || other.kind === kind) continue;
    const policy = kind === "policy" ? label : other.label;
    const single = kind === "policy" ? other.label : label;
    throw new Error(
      `directory ${directoryId} is managed authoritatively by ${policy}, and ${single} also declares a grant there: ` +
        `the policy would remove that grant on every update. Move the grant into the AccessPolicy's grants, or drop the AccessPolicy.`,
    );
  }
  here.set(owner, { kind, label });
  claims.set(directoryId, here);
}

export function releaseDirectory(directoryId: string, owner: string): void {
  const here = claims.get(directoryId);
  here?.delete(owner);
  if (here && here.size === 0) claims.delete(directoryId);
}

/** Tests only: forget every claim. */
export function resetClaims(): void {
  claims.clear();
}
