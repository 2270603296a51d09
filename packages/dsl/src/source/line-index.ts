import type { Span } from "./span.js";

/**
 * Maps UTF-16 offsets to 1-based line/column. Line breaks are `\n`, `\r\n`
 * and a lone `\r` — the same set Chevrotain counts — so spans built here agree
 * with token positions and with the renderer.
 */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.#starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.#starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** 0-based index of the line holding `offset` (clamped into the text). */
  lineOf(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line: line + 1, column: o - this.#starts[line]! + 1 };
  }

  /** Offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this.#starts[Math.max(0, Math.min(line - 1, this.#starts.length - 1))]!;
  }

  /** The text of 1-based `line`, without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.#starts.length ? this.#starts[line]! : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, "");
  }

  /** A span over [start, end), clamped into the text so it is always valid. */
  span(file: string, start: number, end: number): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    // position(s) written out: one span per AST node, so no intermediate object
    const line = this.lineOf(s);
    return { file, start: s, end: e, line: line + 1, column: s - this.#starts[line]! + 1 };
  }
}
