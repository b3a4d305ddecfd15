/**
 * Tags are free strings on Passwork records; a record carries a *set* of them. An optional
 * vocabulary (`passwork:allowedTags`) turns a typo into a check failure with a suggestion.
 */

/** Trimmed, deduplicated, sorted; empty strings dropped. */
export function canonicalTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ""))].sort();
}

/** Levenshtein distance (small strings only: tags are at most 64 characters). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The allowed tag closest to `tag` (case-insensitive edit distance). */
export function closestTag(tag: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(tag.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A reason for a tag outside the vocabulary, or undefined when the tag is allowed. */
export function vocabularyProblem(tag: string, allowed: readonly string[] | undefined): string | undefined {
  if (!allowed || allowed.includes(tag)) return undefined;
  const suggestion = closestTag(tag, allowed);
  const hint = suggestion ? ` did you mean "${suggestion}"?` : "";
  return `tag "${tag}" is not in passwork:allowedTags;${hint} Use one of ${JSON.stringify(allowed)} or add it to passwork:allowedTags.`;
}
