/** A URL (`postgres://`, `sqlite:`, `file:`) is passed on as written; anything else is a SQLite path relative to the cwd. */
export function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(file|sqlite):/i.test(value);
}
