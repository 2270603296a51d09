import { STATE, stateOf, type Carrier } from "../model/instance-state.js";

/** Each index's mark; a state holding an index's mark has its position in that index. */
let generations = 0;

/**
 * Each object of a flush's insert order by its position there, held on the
 * objects' states (a mark and a number) rather than in a Map: hashing
 * thousands of new objects into a Map cost more than the rest of the
 * ordering. Good for the flush that made it: a later index takes the marks.
 */
export class InsertIndex {
  private readonly mark = ++generations;

  constructor(readonly order: readonly object[]) {
    for (let i = 0; i < order.length; i++) {
      const state = stateOf(order[i]!);
      state.insertMark = this.mark;
      state.insertAt = i;
    }
  }

  get size(): number {
    return this.order.length;
  }

  /** The object's position, or undefined when it is not in this order. */
  get(obj: object): number | undefined {
    // No state made for an object that has none: it cannot be in the order.
    const state = (obj as Carrier)[STATE];
    return state !== undefined && state.insertMark === this.mark ? state.insertAt : undefined;
  }

  has(obj: object): boolean {
    return this.get(obj) !== undefined;
  }
}
