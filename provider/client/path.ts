/**
 * `` path`/items/${id}` `` builds an API path relative to `/api/v1`. Each interpolated value must be
 * a non-empty string; it is percent-encoded so an id from user state can never reach a different
 * path (`../users`, `a/b`, `?x=`), and `.`/`..` are refused outright. The result keeps the template
 * (`/items/{id}`) for error messages and logs, which therefore never carry ids or other values.
 */
export const API_PREFIX = "/api/v1";

export interface ApiPath {
  /** Relative to `/api/v1`, percent-encoded: `/items/68793e13dfc88d879e0f2e39`. */
  readonly value: string;
  /** The same path with every interpolation shown as `{id}`: `/items/{id}`. */
  readonly template: string;
}

export class PathParameterError extends TypeError {
  constructor(index: number, template: string, problem: string) {
    super(`path parameter #${index + 1} in ${template}: ${problem}`);
    this.name = "PathParameterError";
  }
}

export function path(strings: TemplateStringsArray, ...values: unknown[]): ApiPath {
  const template = strings.join("{id}");
  let value = strings[0] ?? "";
  values.forEach((raw, i) => {
    if (typeof raw !== "string")
      throw new PathParameterError(
        i,
        template,
        `expected a string id, got ${raw === null ? "null" : typeof raw}`,
      );
    if (raw === "") throw new PathParameterError(i, template, "must not be empty");
    if (raw === "." || raw === "..") throw new PathParameterError(i, template, `"${raw}" is not an id`);
    value += encodeURIComponent(raw) + (strings[i + 1] ?? "");
  });
  return { value, template };
}
