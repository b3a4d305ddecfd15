/**
 * Naming rules for folders, records and custom fields of a Layout. Each check returns at most one
 * problem with the fix, so the caller can report `layout <path>: <problem> — <what to do>`.
 *
 * Why so strict: folder and record names become paths in stack outputs, tags and `passwork-cli exec`
 * variables that other stacks and CI depend on; a placeholder (`secret1`) that ships is renamed later,
 * and a rename changes every consumer.
 */

export interface NameProblem {
  problem: string;
  fix: string;
}

/** Words that say nothing about what a folder or record is for. */
const GENERIC_WORDS = new Set([
  "secret",
  "pass",
  "passwd",
  "password",
  "pwd",
  "pw",
  "temp",
  "tmp",
  "test",
  "testing",
  "new",
  "old",
  "folder",
  "dir",
  "directory",
  "record",
  "item",
  "entry",
  "untitled",
  "unnamed",
  "noname",
  "asdf",
  "qwerty",
  "qwer",
  "zxcv",
  "foo",
  "bar",
  "baz",
  "qux",
  "xxx",
  "yyy",
  "todo",
  "fixme",
  "changeme",
  "example",
  "sample",
  "dummy",
  "placeholder",
  "thing",
  "stuff",
  "misc",
  "copy",
  "my",
  "key",
  "value",
  "data",
  "abc",
  "aaa",
  "hello",
  "whatever",
  "blah",
]);

const MIN_NAME_LENGTH = 2;
const MAX_NAME_LENGTH = 255;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ENV_STYLE = /^[A-Z][A-Z0-9_]*$/;

const describeChar = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * A placeholder: every word of the name (split at separators, case changes and digit runs, digits
 * dropped) is a generic word, or the name has no letters, or is one repeated character.
 * `secret1`, `temp-pass`, `asdf123`, `new-folder`, `Test_2` are placeholders; `mysql-primary` is not.
 */
export function isPlaceholder(name: string): boolean {
  const lower = name.toLowerCase();
  if (!/[a-z]/.test(lower)) return true;
  if (/^(.)\1+$/.test(lower)) return true;
  const words = name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== "");
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w));
}

/** Rules for a folder or record name (`what` is "folder" or "record"). */
export function checkName(
  name: string,
  what: "folder" | "record" | "environment" | "category",
): NameProblem | undefined {
  const example = what === "record" ? "mysql-primary" : what === "environment" ? "production" : "databases";
  const purpose = `name the ${what} for its purpose, e.g. ${example}`;
  if (name.trim() === "") return { problem: `the ${what} name is empty`, fix: purpose };
  const control = CONTROL.exec(name);
  if (control)
    return {
      problem: `the ${what} name contains the control character ${describeChar(control[0])}`,
      fix: "remove it; names must be printable text",
    };
  if (name.includes("/"))
    return {
      problem: `the ${what} name "${name}" contains "/"`,
      fix: "use a nested folder instead of a slash, or a dash (-) in the name",
    };
  if (/\s/.test(name))
    return {
      problem: `the ${what} name "${name}" contains whitespace`,
      fix: `use dashes or underscores instead (e.g. "${name.trim().replace(/\s+/g, "-")}")`,
    };
  if (name.length < MIN_NAME_LENGTH)
    return { problem: `the ${what} name "${name}" is too short (${name.length} character)`, fix: purpose };
  if (name.length > MAX_NAME_LENGTH)
    return {
      problem: `the ${what} name is ${name.length} characters long; the maximum is ${MAX_NAME_LENGTH}`,
      fix: "shorten it",
    };
  if (isPlaceholder(name))
    return {
      problem: `"${name}" is a placeholder name, not a purpose`,
      fix: `${purpose} (what system or credential it holds)`,
    };
  return undefined;
}

/** Custom field names are environment-variable style so `passwork-cli exec` yields them unchanged. */
export function checkFieldName(name: string): NameProblem | undefined {
  if (ENV_STYLE.test(name)) return undefined;
  const suggestion = name
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  const fix = /^[A-Z]/.test(suggestion)
    ? `rename it to ${suggestion}`
    : "use capitals, digits and _ starting with a letter, e.g. MYSQL_ROOT_PASS";
  return {
    problem: `the custom field name "${name}" is not environment-variable style (^[A-Z][A-Z0-9_]*$)`,
    fix,
  };
}

/** Logins, group names and tags must be usable in paths and resource names. */
export function checkLabel(value: string, what: string): NameProblem | undefined {
  if (value.trim() === "") return { problem: `the ${what} is empty`, fix: `give the ${what}` };
  const control = CONTROL.exec(value);
  if (control)
    return {
      problem: `the ${what} contains the control character ${describeChar(control[0])}`,
      fix: "remove it",
    };
  if (value.includes("/")) return { problem: `the ${what} "${value}" contains "/"`, fix: "remove the slash" };
  if (value !== value.trim())
    return { problem: `the ${what} "${value}" has leading or trailing whitespace`, fix: "trim it" };
  return undefined;
}
