import type { Dialect } from "../contract.js";
import type { SqlDialect } from "./dialect.js";
import { MysqlDialect } from "./mysql.js";
import { PostgresDialect } from "./postgres.js";
import { SqliteDialect } from "./sqlite.js";

const DIALECTS: Record<Dialect, () => SqlDialect> = {
  sqlite: () => new SqliteDialect(),
  postgres: () => new PostgresDialect(),
  mysql: () => new MysqlDialect(),
};

export function dialectFor(name: Dialect): SqlDialect {
  return DIALECTS[name]();
}

export { SqlDialect } from "./dialect.js";
