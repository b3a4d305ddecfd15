/**
 * Query strings the way Passwork's PHP server reads them: arrays as `tags[]=a&tags[]=b`, booleans
 * as `1`/`0`, absent values left out.
 */
export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

function scalar(value: QueryScalar): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  return encodeURIComponent(String(value));
}

export function toQueryString(query: QueryParams | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(key);
    if (Array.isArray(value))
      for (const v of value as readonly QueryScalar[]) parts.push(`${name}[]=${scalar(v)}`);
    else parts.push(`${name}=${scalar(value as QueryScalar)}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}
