/**
 * The PostgreSQL type each fixed scalar kind is declared as. The generator's
 * DDL and the runtime's typed `VALUES` lists (batched updates) read this one
 * table, so a batched update casts to exactly the column's type. String,
 * Decimal and Enum are left out: their type depends on the column.
 */
export const POSTGRES_SCALAR_TYPES = {
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Text: "text",
  Boolean: "boolean",
  Date: "date",
  DateTime: "timestamptz",
  Json: "jsonb",
  Uuid: "uuid",
  Bytes: "bytea",
} as const;
