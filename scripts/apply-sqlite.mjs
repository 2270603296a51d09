// Applies one migration file to a SQLite database file (created if missing),
// in one transaction: a failing statement leaves the database as it was.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";

const [migration, file] = process.argv.slice(2);
if (!migration || !file) {
  console.error("usage: node scripts/apply-sqlite.mjs <migration.sql> <database-file>");
  process.exit(2);
}
const db = new Database(file);
db.pragma("foreign_keys = ON");
try {
  db.exec(`BEGIN;\n${readFileSync(migration, "utf8")}\nCOMMIT;`);
} catch (error) {
  if (db.inTransaction) db.exec("ROLLBACK");
  console.error(`${migration}: ${error.message}\nThe database was left unchanged.`);
  process.exit(1);
} finally {
  db.close();
}
const tables = new Database(file, { readonly: true })
  .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
  .all()
  .map((row) => row.name);
console.log(`${file}: ${tables.length} tables (${tables.join(", ")})`);
