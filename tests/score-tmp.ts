import { readFileSync, readdirSync } from 'node:fs';
import { pdfToXlsx } from '../electron/localserver/converters/pdf-xlsx.ts';
import { readInvoice, readWorkbookCells } from '../electron/engine/invoices/index.ts';
import { factsOf } from '../shared/invoices.ts';
import { scoreInvoice } from './support/invoice-score.ts';
const dir = 'tests/fixtures/invoices-ledger';
const only = process.argv[2];
let c = 0, r = 0, u = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.pdf') && (!only || n.startsWith(only)))) {
  const out = `/tmp/inv18-${f}.xlsx`;
  await pdfToXlsx.run({ input: `${dir}/${f}`, output: out, progress: () => {}, signal: new AbortController().signal } as never);
  const read = readInvoice(await readWorkbookCells(out), { today: new Date('2026-12-01') });
  const truth = JSON.parse(readFileSync(`${dir}/${f.replace('.pdf', '.truth.json')}`, 'utf8'));
  const s = scoreInvoice(factsOf(read), truth);
  c += s.checked; r += s.right; u += s.unflaggedWrong;
  console.log(`${f}: ${s.right}/${s.checked} unflaggedWrong ${s.unflaggedWrong} status ${read.status} ${read.reasons.join(',')}`);
  for (const m of s.misses.slice(0, 8)) console.log('   ', m);
}
console.log(`TOTAL ${r}/${c} = ${(r / c).toFixed(3)}, unflaggedWrong ${u}`);
