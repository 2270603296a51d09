// What the PostgreSQL and MariaDB floors share: a transaction around a
// workload, and W5's insert of one row at a time.
import type { NewPost, NewUser, Variant } from "../protocol.js";

export interface TransactionControl {
  begin(): Promise<unknown>;
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
}

export async function inTransaction<T>(control: TransactionControl, work: () => Promise<T>): Promise<T> {
  await control.begin();
  try {
    const result = await work();
    await control.commit();
    return result;
  } catch (error) {
    await control.rollback();
    throw error;
  }
}

/** W5's floor: in one transaction each user, then each of its posts with the user's new key; returns the rows inserted. */
export function insertRowByRow(
  transaction: TransactionControl,
  insertUser: (user: NewUser) => Promise<number>,
  insertPost: (post: NewPost, userId: number) => Promise<unknown>,
): Variant {
  return {
    workload: "W5",
    label: "prepared INSERT per row, one transaction",
    run: ({ newUsers }) =>
      inTransaction(transaction, async () => {
        let n = 0;
        for (const u of newUsers) {
          const id = await insertUser(u);
          for (const p of u.posts) await insertPost(p, id);
          n += 1 + u.posts.length;
        }
        return n;
      }),
  };
}
