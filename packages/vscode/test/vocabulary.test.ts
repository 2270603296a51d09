import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KNOWN_WORDS, SCALAR_TYPES } from "./support/expected-scopes.js";
import { GRAMMAR_PATH } from "./support/textmate.js";

// The grammar spells out two word lists of the language; they must stay the
// compiler's lists, or a new scalar type or cascade would go uncoloured.

interface Rule {
  readonly match?: string;
  readonly name?: string;
  readonly patterns?: readonly Rule[];
}

const grammar = JSON.parse(readFileSync(GRAMMAR_PATH, "utf8")) as { repository: Record<string, Rule> };

/** The words of the `(?:a|b|c)` alternation in the rule of `repositoryKey` that gives scope `scope`. */
function alternation(repositoryKey: string, scope: string): string[] {
  const rule = grammar.repository[repositoryKey]?.patterns?.find((p) => p.name === scope);
  const words = /\(\?:([^()]*)\)/.exec(rule?.match ?? "")?.[1];
  if (words === undefined) throw new Error(`no (?:...) list in the ${scope} rule of #${repositoryKey}`);
  return words.split("|").sort();
}

describe("the grammar's word lists", () => {
  it("names exactly the compiler's scalar types", () => {
    expect(alternation("type-name", "support.type.primitive.rel")).toEqual([...SCALAR_TYPES].sort());
  });

  it("names exactly the cascades, referential actions and loading strategies the compiler knows", () => {
    expect(alternation("word", "support.constant.rel")).toEqual([...KNOWN_WORDS].sort());
  });
});
