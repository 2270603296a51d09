import type { EntityIR } from "@relgen/dsl";
import type { IncomingRelation, ModelContext } from "../views/context.js";
import type { EntityFingerprints } from "./fingerprint.js";

/** One question a model view asked of the schema, with the answer it got (as a fingerprint). */
type Read =
  | { readonly kind: "has"; readonly name: string; readonly answer: boolean }
  | { readonly kind: "incoming"; readonly name: string; readonly answer: string };

/** A model file as the previous build printed it, with everything its view read to print it. */
export interface ModelEntry {
  readonly entity: string;
  readonly sourceName: string;
  readonly reads: readonly Read[];
  readonly contents: string;
}

/**
 * A context that answers like `ctx` and writes down each question and answer.
 * A model view can only reach the schema through its entity and this context
 * (the type allows nothing else), so equal answers mean an equal file.
 */
export function recordingContext(ctx: ModelContext, prints: EntityFingerprints): { ctx: ModelContext; reads: Read[] } {
  const reads: Read[] = [];
  return {
    reads,
    ctx: {
      sourceName: ctx.sourceName,
      schemaNames: {
        has: (name) => {
          const answer = ctx.schemaNames.has(name);
          reads.push({ kind: "has", name, answer });
          return answer;
        },
      },
      incoming: (name) => {
        const answer = ctx.incoming(name);
        reads.push({ kind: "incoming", name, answer: incomingPrint(answer, prints) });
        return answer;
      },
    },
  };
}

/** Whether `entry` is what the view would print now for `entity` under `ctx`: the same entity and the same answers. */
export function stillValid(entry: ModelEntry, entity: EntityIR, ctx: ModelContext, prints: EntityFingerprints): boolean {
  if (entry.sourceName !== ctx.sourceName || entry.entity !== prints.of(entity)) return false;
  return entry.reads.every((read) =>
    read.kind === "has" ? ctx.schemaNames.has(read.name) === read.answer : incomingPrint(ctx.incoming(read.name), prints) === read.answer,
  );
}

/** The owners are fingerprinted whole: a view holding an owner may read any of it. */
function incomingPrint(list: readonly IncomingRelation[], prints: EntityFingerprints): string {
  return list.map(({ owner, relation }) => `${prints.of(owner)}#${owner.relations.indexOf(relation)}`).join("\n");
}
