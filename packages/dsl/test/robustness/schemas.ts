// Large schemas shared by the robustness tests.

/** A chain of foreign keys: entity i references entity i-1. */
export function foreignKeyChain(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(`entity E${i} {\n  id Int @id\n  name String\n${i > 0 ? `  prevId Int @references(E${i - 1}.id)\n` : ""}}\n`);
  }
  return parts.join("\n");
}
