import type { IToken } from "chevrotain";

/**
 * Groups `///` comments by the token that follows them: the doc belongs to
 * whatever declaration or field starts at that token (other nodes ignore it).
 * Lines lose their slashes and one leading space and are joined by "\n".
 */
export function collectDocs(docs: readonly IToken[], tokens: readonly IToken[]): Map<number, string> {
  const collector = new DocCollector();
  collector.add(docs, tokens);
  return collector.byTarget;
}

/**
 * `collectDocs` fed a piece of the file at a time, in order: a doc whose
 * token is in a later piece waits for it.
 */
export class DocCollector {
  /** Doc text by the start offset of the token it documents. */
  readonly byTarget = new Map<number, string>();
  #waiting: IToken[] = [];

  add(docs: readonly IToken[], tokens: readonly IToken[]): void {
    const all = this.#waiting.length === 0 ? docs : [...this.#waiting, ...docs];
    let i = 0;
    let d = 0;
    for (; d < all.length; d++) {
      const doc = all[d]!;
      while (i < tokens.length && tokens[i]!.startOffset < doc.startOffset) i++;
      const target = tokens[i];
      if (!target) break; // documents a token still to come, or none (trailing docs)
      const line = doc.image.slice(3).replace(/^ /, "").trimEnd();
      const before = this.byTarget.get(target.startOffset);
      this.byTarget.set(target.startOffset, before === undefined ? line : `${before}\n${line}`);
    }
    this.#waiting = all.slice(d);
  }
}
