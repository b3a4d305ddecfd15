/** Query strings with PHP-style arrays: `tags[]=a&tags[]=b` (URLSearchParams already decodes `%5B%5D`). */
import type { Query } from "./handlers/context";

export function parseQuery(sp: URLSearchParams): Query {
  const q: Query = {};
  for (const [key, value] of sp) {
    if (key.endsWith("[]")) {
      const k = key.slice(0, -2);
      const cur = q[k];
      q[k] = cur === undefined ? [value] : Array.isArray(cur) ? [...cur, value] : [cur, value];
    } else if (q[key] === undefined) {
      q[key] = value;
    }
  }
  return q;
}
