import { expect, test } from "vitest";
import { editDistance, suggest } from "../../src/diagnostics/levenshtein.js";

const TYPES = ["Int", "BigInt", "Float", "Decimal", "String", "Text", "Boolean", "Date", "DateTime", "Json", "Uuid", "Bytes"];

test("edit distance", () => {
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("same", "same")).toBe(0);
  expect(editDistance("Pots", "Post")).toBe(1);
  expect(editDistance("ca", "abc")).toBe(3); // OSA: no edits inside a swapped pair
});

test("suggests the closest candidate within max(1, floor(len/3))", () => {
  expect(suggest("Strng", TYPES)).toBe("String");
  expect(suggest("Datetime", TYPES)).toBe("DateTime");
  expect(suggest("Intt", TYPES)).toBe("Int");
  // A transposition costs 2, above the limit of 1 for a 3-letter name.
  expect(suggest("Itn", TYPES)).toBe("Int"); // a swap is one edit
  expect(suggest("Pots", ["Post", "User"])).toBe("Post");
  expect(suggest("Booleen", TYPES)).toBe("Boolean");
  expect(suggest("Colour", TYPES)).toBeUndefined();
  expect(suggest("x", [])).toBeUndefined();
  // len 6 allows distance 2, len 5 only 1.
  expect(suggest("Strinx", ["Stroxx"])).toBe("Stroxx");
  expect(suggest("Strix", ["Stoox"])).toBeUndefined();
});

test("ties prefer the case-insensitive match, then the earlier candidate", () => {
  expect(suggest("user", ["uses", "User"])).toBe("User"); // both at distance 1
  expect(suggest("ab", ["ax", "Ab"])).toBe("Ab");
  expect(suggest("post", ["posts", "poet"])).toBe("posts");
  expect(suggest("ab", ["ac", "ad"])).toBe("ac");
});
