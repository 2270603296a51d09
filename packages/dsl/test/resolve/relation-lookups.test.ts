import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { createBackrefs } from "../../src/resolve/backrefs.js";
import { pairInverses } from "../../src/resolve/inverses.js";
import { newDraft, type Draft } from "../../src/resolve/draft.js";
import type { AttributedModel, ForeignKeyFact } from "../../src/resolve/model.js";

const span = { file: "schema.rel", start: 0, end: 0, line: 1, column: 1 };

/** Counts reads of an array's elements, however they are made (for-of, find, index). */
function counted<T>(items: T[], reads: { n: number }): T[] {
  return new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads.n++;
      return Reflect.get(target, key, receiver);
    },
  });
}

function model(name: string, columns: readonly string[], reads: { n: number }): AttributedModel {
  const fields = columns.map((c) => ({ name: c, field: { span } }));
  return { name, columns: counted(fields, reads), relations: counted([], reads) } as unknown as AttributedModel;
}

/** `leafN.hub Hub @backref(leavesN)` for n leaves, each a many-to-one to the hub. */
function leavesPointingAt(hub: AttributedModel, n: number): Map<AttributedModel, Draft[]> {
  const byOwner = new Map<AttributedModel, Draft[]>([[hub, []]]);
  for (let i = 0; i < n; i++) {
    const leaf = { name: `Leaf${i}`, columns: [], relations: [] } as unknown as AttributedModel;
    byOwner.set(leaf, [newDraft({ kind: "many-to-one", foreignKeySide: "self", viewOnly: false }, {
      owner: leaf, target: hub, name: "hub", cardinality: "one", fromBackref: false, lazy: "select", cascade: [], orderBy: [],
      passiveDeletes: false, span, declared: { backref: { name: `leaves${i}`, span } } as Draft["declared"],
    })]);
  }
  return byOwner;
}

describe("createBackrefs", () => {
  it("reads a target's fields once, however many backrefs point at it", () => {
    const columns = Array.from({ length: 50 }, (_, i) => `c${i}`);
    const readsFor = (n: number) => {
      const reads = { n: 0 };
      const hub = model("Hub", columns, reads);
      const byOwner = leavesPointingAt(hub, n);
      const diagnostics: Diagnostic[] = [];
      createBackrefs(byOwner, diagnostics);
      expect(diagnostics).toEqual([]);
      expect(byOwner.get(hub)!.map((d) => d.name)).toEqual(Array.from({ length: n }, (_, i) => `leaves${i}`));
      return reads.n;
    };
    // searching the fields per backref made this grow with the backrefs (50 reads each)
    expect(readsFor(400)).toBe(readsFor(20));
  });
});

/** `Hub.leavesN Leaf[] @inverse(hub)` and `LeafN.hub Hub @inverse(leavesN)` for n leaves; the hub's drafts count their reads. */
function pairedWithHub(n: number, reads: { n: number }): { hub: AttributedModel; byOwner: Map<AttributedModel, Draft[]> } {
  const hub = { name: "Hub", columns: [], relations: [] } as unknown as AttributedModel;
  const hubDrafts: Draft[] = [];
  const byOwner = new Map<AttributedModel, Draft[]>([[hub, counted(hubDrafts, reads)]]);
  for (let i = 0; i < n; i++) {
    const leaf = { name: `Leaf${i}`, columns: [], relations: [] } as unknown as AttributedModel;
    const foreignKey = { owner: leaf, target: hub } as unknown as ForeignKeyFact;
    const common = { fromBackref: false, lazy: "select", cascade: [], orderBy: [], passiveDeletes: false, span } as const;
    hubDrafts.push(newDraft({ kind: "one-to-many", foreignKeySide: "target", foreignKey, viewOnly: false }, {
      ...common, owner: hub, target: leaf, name: `leaves${i}`, cardinality: "many", declared: { inverse: { name: "hub", span } } as Draft["declared"],
    }));
    byOwner.set(leaf, [newDraft({ kind: "many-to-one", foreignKeySide: "self", foreignKey, viewOnly: false }, {
      ...common, owner: leaf, target: hub, name: "hub", cardinality: "one", declared: { inverse: { name: `leaves${i}`, span } } as Draft["declared"],
    })]);
  }
  return { hub, byOwner };
}

describe("pairInverses", () => {
  it("reads an entity's relations a fixed number of times each, however many pair with it", () => {
    const readsFor = (n: number) => {
      const reads = { n: 0 };
      const { hub, byOwner } = pairedWithHub(n, reads);
      const diagnostics: Diagnostic[] = [];
      pairInverses(byOwner, diagnostics);
      expect(diagnostics).toEqual([]);
      expect(byOwner.get(hub)!.map((d) => d.inverse)).toEqual(Array.from({ length: n }, () => "hub"));
      return reads.n;
    };
    // searching the hub's relations for each leaf's partner made this grow with the square of the leaves
    expect(readsFor(400)).toBe(20 * readsFor(20));
  });
});
