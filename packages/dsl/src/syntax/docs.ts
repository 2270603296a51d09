import type { IToken } from "chevrotain";

/**
 * Groups `///` comments by the token that follows them: the doc belongs to
 * whatever declaration or field starts at that token (other nodes ignore it).
 * Lines lose their slashes and one leading space and are joined by "\n".
 */
export function collectDocs(docs: readonly IToken[], tokens: readonly IToken[]): Map<number, string> {
  const byTarget = new Map<number, string[]>();
  let i = 0;
  for (const d of docs) {
    while (i < tokens.length && tokens[i]!.startOffset < d.startOffset) i++;
    const target = tokens[i];
    if (!target) break; // trailing docs document nothing
    const line = d.image.slice(3).replace(/^ /, "").trimEnd();
    const lines = byTarget.get(target.startOffset) ?? [];
    lines.push(line);
    byTarget.set(target.startOffset, lines);
  }
  return new Map([...byTarget].map(([offset, lines]) => [offset, lines.join("\n")]));
}
