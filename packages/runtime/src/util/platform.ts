// The runtime's core compiles without @types/node (a user's project may not
// have them); the few globals it needs are reached through globalThis.
interface Globals {
  performance: { now(): number };
  console: { error(...args: unknown[]): void };
  crypto: { randomUUID(): string };
  setTimeout(callback: () => void, ms: number): unknown;
}
const globals = globalThis as unknown as Globals;

export const now = (): number => globals.performance.now();
export const reportError = (...args: unknown[]): void => globals.console.error(...args);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => globals.setTimeout(resolve, ms));
export const randomUuid = (): string => globals.crypto.randomUUID();

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
