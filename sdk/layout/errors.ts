/**
 * All problems of one declaration, reported together (at construction, i.e. preview time).
 * Each line reads `layout <path>: <problem> — <what to do>`.
 */
export class LayoutError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`The Layout declaration has ${count}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "LayoutError";
    this.problems = problems;
  }
}

/** The label used for problems of the vault itself (its path is empty). */
export const ROOT_LABEL = "(vault)";

export function problemLine(path: string, problem: string, fix: string): string {
  return `layout ${path === "" ? ROOT_LABEL : path}: ${problem} — ${fix}`;
}
