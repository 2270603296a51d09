import { randomBytes } from "node:crypto";
import mysql2 from "mysql2/promise";
import pg from "pg";
import { describe, it } from "vitest";
import type { Dialect } from "../../src/dialect/dialect.js";
import type { Driver } from "../../src/driver/driver.js";
import type { IsolationLevel } from "../../src/driver/pooled-connection.js";
import { mysql, mysqlDialect } from "../../src/mysql/index.js";
import { postgres, postgresDialect } from "../../src/postgres/index.js";

/**
 * The database servers the runtime's server tests run against, probed once
 * per test file. A suite written once with {@link describeServers} runs on
 * each server that answers; a server that does not answer skips its block
 * visibly (console.warn), or, under RELGEN_REQUIRE_DBS=1 (CI), fails it with
 * how to start the server.
 */
export type ServerName = "postgres" | "mariadb";

export interface Server {
  readonly name: ServerName;
  readonly label: string;
  readonly address: string;
  readonly howToStart: string;
  readonly dialect: Dialect;
  /** A URL of the same engine where nothing listens (port 1): connecting is refused at once. */
  readonly unreachableUrl: string;
  /** undefined when the server answered `SELECT 1`, else why not. */
  probe(): Promise<string | undefined>;
  /** A fresh namespace (a PostgreSQL schema, a MariaDB database) for one test file. */
  sandbox(tag: string): Promise<Sandbox>;
}

export interface DriverOptions {
  readonly isolation?: IsolationLevel;
}

export interface Sandbox {
  readonly server: Server;
  /** The schema (PostgreSQL) or database (MariaDB) name. */
  readonly namespace: string;
  /** A connection URL whose connections land in the namespace. */
  readonly url: string;
  /** Pool options whose connections land in the namespace (a pg `PoolConfig` / mysql2 `PoolOptions`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** A driver over a pool of its own (from `config` plus `extra`), closed by `closeDrivers()` or `drop()` if the test did not. */
  driver(options?: DriverOptions, extra?: Readonly<Record<string, unknown>>): Driver;
  /** Closes the drivers made by `driver()` so far (their pools hold server connections until then). */
  closeDrivers(): Promise<void>;
  /** Drops the namespace and closes the drivers made by `driver()`. */
  drop(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 2000;
const HOST = "127.0.0.1";
const PG_PORT = Number(process.env.RELGEN_PG_PORT ?? 5432);
const MY_PORT = Number(process.env.RELGEN_MYSQL_PORT ?? 3306);

/** Unique per open: test files run in parallel, each in its own namespace. */
function namespaceFor(tag: string): string {
  return `rtsrv_${tag.replace(/[^A-Za-z0-9]/g, "_")}_${process.pid}_${randomBytes(3).toString("hex")}`.toLowerCase();
}

/** Collects drivers made for a sandbox so that a failed test cannot leave a pool holding the namespace. */
function driverTracker(make: (options: DriverOptions, extra: Readonly<Record<string, unknown>>) => Driver) {
  const made: Driver[] = [];
  return {
    driver(options: DriverOptions = {}, extra: Readonly<Record<string, unknown>> = {}): Driver {
      const driver = make(options, extra);
      made.push(driver);
      return driver;
    },
    async closeAll(): Promise<void> {
      await Promise.allSettled(made.splice(0).map((d) => d.close()));
    },
  };
}

const pgBase = { host: HOST, port: PG_PORT, user: "postgres", database: "test" };

export const postgresServer: Server = {
  name: "postgres",
  label: "PostgreSQL",
  address: `${HOST}:${PG_PORT}`,
  howToStart:
    "start PostgreSQL (trust auth, user postgres, database test): pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
  dialect: postgresDialect,
  unreachableUrl: `postgres://postgres@${HOST}:1/test`,
  async probe() {
    const client = new pg.Client({ ...pgBase, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A socket error after connect() failed must not become an unhandled "error" event.
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return undefined;
    } catch (error) {
      return (error as Error).message || String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  },
  async sandbox(tag) {
    const namespace = namespaceFor(tag);
    const admin = new pg.Client({ ...pgBase, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${namespace}`);
    await admin.end();
    // Every connection of the pool starts with the sandbox first on its search path.
    const options = `-c search_path=${namespace}`;
    const config = { ...pgBase, options, max: 4 };
    const tracker = driverTracker((driverOptions, extra) => postgres({ ...config, ...extra }, driverOptions));
    return {
      server: postgresServer,
      namespace,
      url: `postgres://postgres@${HOST}:${PG_PORT}/test?options=${encodeURIComponent(options)}`,
      config,
      driver: tracker.driver,
      closeDrivers: tracker.closeAll,
      async drop() {
        await tracker.closeAll();
        const client = new pg.Client(pgBase);
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${namespace} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

const myBase = { host: HOST, port: MY_PORT, user: "root", password: "" };

export const mariadbServer: Server = {
  name: "mariadb",
  label: "MariaDB",
  address: `${HOST}:${MY_PORT}`,
  howToStart:
    "start MariaDB (user root, empty password, database test): start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
  dialect: mysqlDialect,
  unreachableUrl: `mysql://root@${HOST}:1/test`,
  async probe() {
    try {
      const conn = await mysql2.createConnection({ ...myBase, connectTimeout: CONNECT_TIMEOUT_MS });
      try {
        await conn.query("SELECT 1");
      } finally {
        await conn.end();
      }
      return undefined;
    } catch (error) {
      return (error as Error).message || String((error as { code?: unknown }).code ?? error);
    }
  },
  async sandbox(tag) {
    const namespace = namespaceFor(tag);
    const admin = await mysql2.createConnection({ ...myBase, connectTimeout: CONNECT_TIMEOUT_MS });
    try {
      await admin.query(`CREATE DATABASE ${namespace} CHARACTER SET utf8mb4`);
    } finally {
      await admin.end();
    }
    const config = { ...myBase, database: namespace, connectionLimit: 4 };
    const tracker = driverTracker((driverOptions, extra) => mysql({ ...config, ...extra }, driverOptions));
    return {
      server: mariadbServer,
      namespace,
      url: `mysql://root@${HOST}:${MY_PORT}/${namespace}`,
      config,
      driver: tracker.driver,
      closeDrivers: tracker.closeAll,
      async drop() {
        await tracker.closeAll();
        const conn = await mysql2.createConnection(myBase);
        try {
          await conn.query(`DROP DATABASE IF EXISTS ${namespace}`);
        } finally {
          await conn.end();
        }
      },
    };
  },
};

export const SERVERS: readonly Server[] = [postgresServer, mariadbServer];

// Probed once per test file, concurrently, before any suite is declared.
const unreachable = new Map<ServerName, string | undefined>(
  await Promise.all(SERVERS.map(async (s) => [s.name, await s.probe()] as const)),
);

export function failMessage(server: Server, reason: string): string {
  return `${server.label} not reachable at ${server.address} (${reason}) and RELGEN_REQUIRE_DBS=1: ${server.howToStart}`;
}

export function skipMessage(server: Server, reason: string): string {
  return (
    `${server.label} not reachable at ${server.address}, skipping its runtime server tests; ` +
    `set RELGEN_REQUIRE_DBS=1 to make this a failure (${reason})`
  );
}

/**
 * `describe.each` over the servers. A server that did not answer the probe
 * has its block skipped with a warning, or, under RELGEN_REQUIRE_DBS=1,
 * replaced by one failing test that says how to start it.
 */
export function describeServers(title: string, body: (server: Server) => void): void {
  describe.each(SERVERS)(`${title} [$label]`, (server) => {
    const reason = unreachable.get(server.name);
    if (reason === undefined) {
      body(server);
    } else if (process.env.RELGEN_REQUIRE_DBS === "1") {
      it(`reaches ${server.label}`, () => {
        throw new Error(failMessage(server, reason));
      });
    } else {
      console.warn(skipMessage(server, reason));
      describe.skip(`${server.label} unreachable`, () => body(server));
    }
  });
}
