// What the coordinator (cli.ts) and one contender's process (worker.ts) say to
// each other, and what a contender module provides.
import type { TargetInfo } from "./target.js";

export type Workload = "W1" | "W2" | "W3" | "W4" | "W5";
export const WORKLOADS: readonly Workload[] = ["W1", "W2", "W3", "W4", "W5"];
/** Workloads that change the file: the coordinator checks and restores it after each run. */
export const WRITES: ReadonlySet<Workload> = new Set(["W4", "W5"]);

export interface Size {
  readonly users: number;
  readonly postsPerUser: number;
  readonly commentsPerPost: number;
  /** W3 reads this many users' posts one by one. */
  readonly w3Users: number;
  /** W4 deletes users 1..w4Users. */
  readonly w4Users: number;
  /** W5 inserts this many new users, each with postsPerUser posts. */
  readonly w5Users: number;
}

export interface NewPost {
  readonly title: string;
  readonly content: string;
  readonly published: boolean;
  readonly createdAt: Date;
}
export interface NewUser {
  readonly username: string;
  readonly email: string;
  readonly createdAt: Date;
  readonly posts: readonly NewPost[];
}

export interface OpenOptions {
  readonly target: TargetInfo;
  readonly size: Size;
  /** relgen only: the module that exports the runtime and the generated blog models. */
  readonly entry?: string;
  /** relgen only: the label, e.g. `relgen@f94a6e4`. */
  readonly label?: string;
  /** Force a full GC before each timed run (`--gc each-run`); off by default, see bench/README.md. */
  readonly gcEachRun?: boolean;
}

/** One way of doing one workload. `run` returns how many objects it built or rows it removed, checked by the coordinator. */
export interface Variant {
  readonly workload: Workload;
  readonly label: string;
  run(input: { readonly newUsers: readonly NewUser[] }): Promise<number>;
}

export interface Contender {
  readonly name: string;
  /** Package versions, e.g. `drizzle-orm 0.45.4`. */
  readonly version: string;
  readonly variants: readonly Variant[];
  close(): Promise<void>;
}

/** A contender module's only export. */
export type Open = (options: OpenOptions) => Promise<Contender>;

export type Request = { readonly type: "run"; readonly variant: number } | { readonly type: "close" };
export type Reply =
  | {
      readonly type: "ready";
      readonly name: string;
      readonly version: string;
      readonly variants: ReadonlyArray<{ readonly workload: Workload; readonly label: string }>;
    }
  | { readonly type: "result"; readonly ms: number; readonly statements: number; readonly check: number }
  | { readonly type: "error"; readonly message: string };

/** The SQLite file of a target; the peers and the SQLite floor run on SQLite only. */
export function sqliteFile(target: TargetInfo): string {
  if (target.engine !== "sqlite") throw new Error(`this contender runs on SQLite only, not ${target.engine}`);
  return target.file;
}
