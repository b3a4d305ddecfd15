/** A small XML well-formedness check for the SVG tests (no XML parser among the dependencies). */
export function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token =
    /<!--[\s\S]*?-->|<\/([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(xml))) {
    if (m[0].startsWith("<!--")) continue;
    if (m[0] === "<") throw new Error(`stray '<' at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[0].startsWith("&"))
      throw new Error(`unescaped '&' at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[1]) throw new Error(`</${m[1]}> closes <${open ?? "nothing"}>`);
    } else if (m[2]) {
      if (stack.length === 0) roots++;
      if (m[4] !== "/") stack.push(m[2]);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join("> <")}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  // Text outside tags must not contain '>' either (kept strict so escaping is proven).
  const text = xml.replace(/<[^>]*>/g, "");
  if (text.includes(">")) throw new Error("unescaped '>' in text");
}
