// E08xx: whole-schema rules.
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

export function notNullForeignKeyCycle(span: Span, cycle: readonly string[], keys: readonly string[]): Diagnostic {
  return error("E0801", span, `the tables ${[...cycle, cycle[0]].map((t) => `\`${t}\``).join(" → ")} reference each other through NOT NULL foreign keys (${keys.join(", ")}), so no row could be inserted first`,
    `make one of these foreign keys nullable (add \`?\` to its type)`);
}

export function notNullSelfReference(span: Span, field: string, typeText: string): Diagnostic {
  return error("E0802", span, `\`${field}\` references its own table and is NOT NULL, so the first row could never be inserted`,
    `make it nullable: \`${typeText}?\``);
}

export function internalError(span: Span, detail: string): Diagnostic {
  return error("E0899", span, `internal error in relgen: ${detail}`, "this is a bug in relgen; please report it with the schema that triggered it");
}
