// Where a run's data lives. The coordinator prepares it, checks it after a
// write workload and restores it; contenders get the serializable TargetInfo.
import type { Size, Workload } from "./protocol.js";

export type Engine = "sqlite" | "postgres" | "mariadb";
export const ENGINES: readonly Engine[] = ["sqlite", "postgres", "mariadb"];

export type TargetInfo =
  | { readonly engine: "sqlite"; readonly file: string }
  | { readonly engine: "postgres"; readonly schema: string }
  | { readonly engine: "mariadb"; readonly database: string };

export interface Target {
  readonly info: TargetInfo;
  /** Engine and version, for the report. */
  readonly describe: string;
  /** After W4 / W5: undefined when the data is what the workload should have left, else what differs. */
  check(workload: "W4" | "W5", size: Size): Promise<string | undefined>;
  /** Puts the data back as it was before the write workload. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export const PG_SETTINGS = { host: "127.0.0.1", port: Number(process.env.RELGEN_PG_PORT ?? 5432), user: "postgres", database: "test" };
export const MARIADB_SETTINGS = { host: "127.0.0.1", port: Number(process.env.RELGEN_MYSQL_PORT ?? 3306), user: "root", password: "" };

export type { Workload };
