import type { EntityInfo } from "../model/entity-info.js";

/** One object per row per session: entity → primary-key value → object. */
export class IdentityMap {
  private readonly maps = new Map<EntityInfo, Map<unknown, object>>();

  get(entity: EntityInfo, key: unknown): object | undefined {
    return this.maps.get(entity)?.get(key);
  }

  set(entity: EntityInfo, key: unknown, obj: object): void {
    this.of(entity).set(key, obj);
  }

  /** One entity's objects by key, for a caller that looks up and then adds (a load: one lookup of the entity, not two). */
  of(entity: EntityInfo): Map<unknown, object> {
    let map = this.maps.get(entity);
    if (!map) this.maps.set(entity, (map = new Map()));
    return map;
  }

  delete(entity: EntityInfo, key: unknown): void {
    this.maps.get(entity)?.delete(key);
  }

  /** Per entity: its objects by key (read-only use: the autoflush scan walks one entity at a time). */
  byEntity(): IterableIterator<[EntityInfo, ReadonlyMap<unknown, object>]> {
    return this.maps.entries();
  }

  *objects(): IterableIterator<object> {
    for (const map of this.maps.values()) yield* map.values();
  }

  get size(): number {
    let n = 0;
    for (const map of this.maps.values()) n += map.size;
    return n;
  }

  clear(): void {
    this.maps.clear();
  }
}
