/** `User` → `user`, `HTTPLog` → `httpLog`: the variable name a user would pick. */
export function lowerFirst(name: string): string {
  const run = /^[A-Z]+/.exec(name)?.[0] ?? "";
  if (run.length <= 1 || run.length === name.length) return run.toLowerCase() + name.slice(run.length);
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}
