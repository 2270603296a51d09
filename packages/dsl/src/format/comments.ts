import type { IToken } from "chevrotain";

/** A comment found between two tokens, with the layout facts the formatter keeps. */
export interface Comment {
  readonly text: string;
  /** On the same line as the token before it: it ends that line. */
  readonly trailing: boolean;
  /** A blank line separates it from what precedes it. */
  readonly blankBefore: boolean;
}

/** What lies before one token: its comments, and whether a blank line precedes the token itself. */
export interface Gap {
  readonly comments: readonly Comment[];
  readonly blankBefore: boolean;
}

// The lexer skips comments, but once a file lexes cleanly the text between two
// tokens can only be whitespace and comments (strings are tokens), so reading
// the gaps recovers every comment without a second grammar.
const COMMENT = /\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g;

/** One gap per token, plus a last one for the text after the final token. */
export function readGaps(text: string, tokens: readonly IToken[]): Gap[] {
  const gaps: Gap[] = [];
  let from = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const to = i < tokens.length ? tokens[i]!.startOffset : text.length;
    gaps.push(readGap(text.slice(from, to), i > 0));
    if (i < tokens.length) from = tokens[i]!.startOffset + tokens[i]!.image.length;
  }
  return gaps;
}

function readGap(gap: string, afterToken: boolean): Gap {
  const comments: Comment[] = [];
  let last = 0;
  for (const m of gap.matchAll(COMMENT)) {
    const space = gap.slice(last, m.index);
    const newlines = countNewlines(space);
    comments.push({
      text: m[0].split(/\r?\n/).map((l) => l.trimEnd()).join("\n"),
      trailing: newlines === 0 && (afterToken || comments.length > 0) && !endsLineComment(comments),
      blankBefore: newlines >= 2,
    });
    last = m.index + m[0].length;
  }
  return { comments, blankBefore: countNewlines(gap.slice(last)) >= 2 };
}

function endsLineComment(comments: readonly Comment[]): boolean {
  const prev = comments[comments.length - 1];
  return prev !== undefined && prev.text.startsWith("//");
}

function countNewlines(s: string): number {
  return (s.match(/\n/g) ?? []).length;
}
