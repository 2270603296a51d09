// `node --import tsx scripts/bench-update-forms.ts`: which UPDATE form writes
// many rows of one table fastest on each engine, measured with the drivers
// alone (no relgen) in one transaction, rounds interleaved, medians of REPS:
//   per-row   N prepared `UPDATE t SET a = ?, b = ? WHERE id = ?`
//   values    `UPDATE t SET ... FROM (VALUES ...)` (MariaDB: JOIN a UNION ALL of SELECTs)
//   case      `UPDATE t SET a = CASE id WHEN ? THEN ? ... END ... WHERE id IN (...)`
//   same      `UPDATE t SET a = ?, b = ? WHERE id IN (...)` (every row gets the same values)
// The flush's choice per engine (session/update-batch.ts) follows these numbers.
import { mariaRunner, median, pgRunner, sqliteRunner, type Runner } from "./lib/sql-runners.js";

const ROWS = Number(process.env.ROWS ?? 1000);
const CHUNKS = [100, 500, 1000];
const REPS = Number(process.env.REPS ?? 11);

type Form = (r: Runner, ids: number[], round: number, chunk: number) => Promise<number>;

const table = (r: Runner) => (r.name === "postgres" ? "t" : "bench_update_forms");

const perRow: Form = async (r, ids, round) => {
  const sql = `UPDATE ${table(r)} SET a = ${r.ph(1)}, b = ${r.ph(2)} WHERE id = ${r.ph(3)}`;
  for (const id of ids) await r.q(sql, [`v${round}-${id}`, id + round, id]);
  return ids.length;
};

function chunks(ids: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

const values: Form = async (r, ids, round, chunk) => {
  let statements = 0;
  for (const part of chunks(ids, chunk)) {
    let n = 0;
    const params: unknown[] = [];
    const tuples = part.map((id, k) => {
      params.push(id, `v${round}-${id}`, id + round);
      return k === 0 ? `(${r.cast(++n, "integer")}, ${r.cast(++n, "text")}, ${r.cast(++n, "integer")})` : `(${r.ph(++n)}, ${r.ph(++n)}, ${r.ph(++n)})`;
    });
    const sql =
      r.name === "mariadb"
        ? `UPDATE ${table(r)} t JOIN (${part.map((_, k) => (k === 0 ? "SELECT ? AS id, ? AS a, ? AS b" : "SELECT ?, ?, ?")).join(" UNION ALL ")}) v ON t.id = v.id SET t.a = v.a, t.b = v.b`
        : `UPDATE ${table(r)} SET a = v.column2, b = v.column3 FROM (VALUES ${tuples.join(", ")}) AS v WHERE ${table(r)}.id = v.column1`;
    await r.q(sql, params);
    statements++;
  }
  return statements;
};

const caseForm: Form = async (r, ids, round, chunk) => {
  let statements = 0;
  for (const part of chunks(ids, chunk)) {
    let n = 0;
    const params: unknown[] = [];
    const whenA = part.map((id) => (params.push(id, `v${round}-${id}`), `WHEN ${r.ph(++n)} THEN ${r.cast(++n, "text")}`)).join(" ");
    const whenB = part.map((id) => (params.push(id, id + round), `WHEN ${r.ph(++n)} THEN ${r.cast(++n, "integer")}`)).join(" ");
    const inList = part.map((id) => (params.push(id), r.ph(++n))).join(", ");
    await r.q(`UPDATE ${table(r)} SET a = CASE id ${whenA} END, b = CASE id ${whenB} END WHERE id IN (${inList})`, params);
    statements++;
  }
  return statements;
};

const same: Form = async (r, ids, round, chunk) => {
  let statements = 0;
  for (const part of chunks(ids, chunk)) {
    let n = 2;
    const sql = `UPDATE ${table(r)} SET a = ${r.ph(1)}, b = ${r.ph(2)} WHERE id IN (${part.map(() => r.ph(++n)).join(", ")})`;
    await r.q(sql, [`s${round}`, round, ...part]);
    statements++;
  }
  return statements;
};


async function measure(r: Runner) {
  await r.q(`DROP TABLE IF EXISTS ${table(r)}`, []);
  await r.q(`CREATE TABLE ${table(r)} (id integer PRIMARY KEY, a varchar(100) NOT NULL, b integer NOT NULL)`, []);
  const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
  for (const part of chunks(ids, 100)) {
    let n = 0;
    await r.q(`INSERT INTO ${table(r)} (id, a, b) VALUES ${part.map(() => `(${r.ph(++n)}, ${r.ph(++n)}, ${r.ph(++n)})`).join(", ")}`, part.flatMap((id) => [id, "x", 0]));
  }
  const variants: [string, Form, number][] = [["per-row", perRow, 1]];
  for (const c of CHUNKS) variants.push([`values/${c}`, values, c], [`case/${c}`, caseForm, c], [`same/${c}`, same, c]);
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  const counts = new Map<string, number>();
  let round = 0;
  for (let rep = 0; rep < REPS + 2; rep++) {
    for (const [name, form, chunk] of variants) {
      round++;
      await r.q("BEGIN", []);
      const start = performance.now();
      counts.set(name, await form(r, ids, round, chunk));
      const ms = performance.now() - start;
      await r.q("COMMIT", []);
      if (rep >= 2) times.get(name)!.push(ms);
    }
  }
  const floor = median(times.get("per-row")!);
  console.log(`\n${r.name}: update ${ROWS} rows (2 columns), median of ${REPS}, ratio to per-row prepared`);
  for (const [name] of variants) {
    const m = median(times.get(name)!);
    console.log(`  ${name.padEnd(12)} ${m.toFixed(2).padStart(8)} ms  ${(m / floor).toFixed(2)}×  ${counts.get(name)} statements`);
  }
}

const only = process.argv[2];
for (const make of [sqliteRunner, pgRunner, mariaRunner]) {
  const r = await make("bench_update_forms");
  if (!only || only === r.name) await measure(r);
  await r.close();
}
