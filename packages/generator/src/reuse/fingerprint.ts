import type { EntityIR } from "@relgen/dsl";

/**
 * What an IR value means to generation, as text: its JSON without source
 * spans. Spans are left out because generated code never shows them, and an
 * edit above an entity shifts every span below it: keeping them would make
 * every reused file look changed.
 */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, withoutSpans);
}

function withoutSpans(key: string, value: unknown): unknown {
  return key === "span" ? undefined : value;
}

/** One fingerprint per entity object per build: an entity is read by every view whose relations touch it. */
export class EntityFingerprints {
  private readonly known = new WeakMap<EntityIR, string>();

  of(entity: EntityIR): string {
    let text = this.known.get(entity);
    if (text === undefined) this.known.set(entity, (text = fingerprint(entity)));
    return text;
  }
}
