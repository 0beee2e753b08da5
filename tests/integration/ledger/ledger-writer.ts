// A separate process that writes to a ledger: `node ledger-writer.ts <target json> <from> <to>
// [tag]` adds entries from..to-1 and prints "added <i> <added|known>" after each one is
// committed; `hold <sqlite path>` takes SQLite's write lock, prints "locked" and keeps it
// until stdin closes. Used for concurrent writers, a killed writer and a locked file.
import { DatabaseSync } from 'node:sqlite';
import { openLedger } from '../../../electron/engine/index.ts';
import { entryFor } from './entries.ts';

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'hold') {
  const db = new DatabaseSync(rest[0]!);
  db.exec('BEGIN EXCLUSIVE');
  process.stdout.write('locked\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    db.exec('ROLLBACK');
    db.close();
    process.stdout.write('released\n');
  });
} else {
  const target = JSON.parse(mode!);
  const [from, to, tag] = [Number(rest[0]), Number(rest[1]), rest[2] ?? 'invoice'];
  const ledger = await openLedger(target, { busyTimeoutMs: 60_000 });
  for (let i = from; i < to; i += 1) {
    const result = await ledger.add(entryFor(i, tag));
    process.stdout.write(`added ${i} ${result.added ? 'added' : 'known'}\n`);
  }
  await ledger.close();
}
