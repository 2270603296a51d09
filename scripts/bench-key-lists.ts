// `node --import tsx scripts/bench-key-lists.ts [engine]`: how selectin and
// batched lazy loads should send many parent keys, measured with the drivers
// alone (no relgen), rounds interleaved, medians of REPS. For N parents of a
// 50,000-row child table (10 children each), reading their children by:
//   placeholders   one `IN (?, ?, …)` with N placeholders
//   chunks/500     `IN (…)` with at most 500 placeholders a statement (relgen before issue 13)
//   one param      the keys as ONE parameter: SQLite `json_each(?)`, PostgreSQL
//                  `= ANY($1)`, MariaDB `JSON_TABLE(?)` (what the loader sends above 500 keys)
// The loader's choice (load/loader.ts, query/in-list.ts) follows these numbers.
import { mariaRunner, median, pgRunner, sqliteRunner, type Runner } from "./lib/sql-runners.js";

const PARENTS = [100, 500, 1000, 2000, 5000];
const CHILDREN_PER_PARENT = 10;
const ALL_PARENTS = 5000;
const REPS = Number(process.env.REPS ?? 11);
const SCRATCH = "bench_key_lists";

type Form = (r: Runner, keys: number[]) => Promise<number>;

const select = (r: Runner, where: string) => `SELECT id, parent, title FROM ${SCRATCH} WHERE ${where}`;
const rowsOf = (result: unknown) => (Array.isArray(result) ? (Array.isArray(result[0]) ? result[0].length : result.length) : (result as { rows: unknown[] }).rows.length);

const inList = (r: Runner, keys: number[]) => select(r, `parent IN (${keys.map((_, i) => r.ph(i + 1)).join(", ")})`);
const placeholders: Form = async (r, keys) => rowsOf(await r.q(inList(r, keys), keys));
const chunked: Form = async (r, keys) => {
  let rows = 0;
  for (let i = 0; i < keys.length; i += 500) rows += rowsOf(await r.q(inList(r, keys.slice(i, i + 500)), keys.slice(i, i + 500)));
  return rows;
};
const oneParam: Form = async (r, keys) => {
  switch (r.name) {
    case "postgres":
      return rowsOf(await r.q(select(r, "parent = ANY($1::integer[])"), [keys]));
    case "sqlite":
      return rowsOf(await r.q(select(r, "parent IN (SELECT value FROM json_each(?))"), [JSON.stringify(keys)]));
    default:
      return rowsOf(
        await r.q(select(r, "parent IN (SELECT v FROM JSON_TABLE(?, '$[*]' COLUMNS (v BIGINT PATH '$')) AS in_list)"), [JSON.stringify(keys)]),
      );
  }
};

async function measure(r: Runner) {
  await r.q(`DROP TABLE IF EXISTS ${SCRATCH}`, []);
  await r.q(`CREATE TABLE ${SCRATCH} (id integer PRIMARY KEY, parent integer NOT NULL, title varchar(200) NOT NULL)`, []);
  await r.q(`CREATE INDEX ${SCRATCH}_parent ON ${SCRATCH} (parent)`, []);
  const rows = ALL_PARENTS * CHILDREN_PER_PARENT;
  for (let start = 0; start < rows; start += 1000) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let id = start; id < start + 1000; id++) {
      tuples.push(`(${r.ph(values.length + 1)}, ${r.ph(values.length + 2)}, ${r.ph(values.length + 3)})`);
      values.push(id, id % ALL_PARENTS, `child ${id} `.repeat(10));
    }
    await r.q(`INSERT INTO ${SCRATCH} (id, parent, title) VALUES ${tuples.join(", ")}`, values);
  }
  const forms: [string, Form][] = [["placeholders", placeholders], ["chunks/500", chunked], ["one param", oneParam]];
  console.log(`\n${r.name}: children of N parents (10 each), median ms of ${REPS}; ratio to one IN list of N placeholders`);
  for (const n of PARENTS) {
    // Every 5th parent: the keys are spread over the table as a level's parents are.
    const keys = Array.from({ length: n }, (_, i) => (i * 5) % ALL_PARENTS + Math.floor((i * 5) / ALL_PARENTS));
    const times = new Map<string, number[]>(forms.map(([name]) => [name, []]));
    for (let rep = 0; rep < REPS + 2; rep++) {
      for (const [name, form] of forms) {
        const start = performance.now();
        const got = await form(r, keys);
        const ms = performance.now() - start;
        if (got !== n * CHILDREN_PER_PARENT) throw new Error(`${r.name} ${name}: ${got} rows for ${n} parents`);
        if (rep >= 2) times.get(name)!.push(ms);
      }
    }
    const floor = median(times.get("placeholders")!);
    const cells = forms.map(([name]) => `${name} ${median(times.get(name)!).toFixed(2)} ms (${(median(times.get(name)!) / floor).toFixed(2)}×)`);
    console.log(`  N=${String(n).padEnd(5)} ${cells.join("   ")}`);
  }
}

const only = process.argv[2];
for (const make of [sqliteRunner, pgRunner, mariaRunner]) {
  if (only && only !== (make === sqliteRunner ? "sqlite" : make === pgRunner ? "postgres" : "mariadb")) continue;
  // As relgen's drivers send them: unnamed statements on PostgreSQL; on MariaDB a statement of over
  // 1,000 parameters prepared, run and closed each time.
  const r = make === sqliteRunner ? await sqliteRunner() : make === pgRunner ? await pgRunner(SCRATCH, false) : await mariaRunner(SCRATCH, 1000);
  try {
    await measure(r);
  } finally {
    await r.close();
  }
}
