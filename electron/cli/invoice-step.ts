// `--invoices` on convert and watch: each XLSX result, once saved, is read as an invoice and
// added to the ledger. With --json one {"type":"invoice",...} line per invoice (cli.md); else a
// plain line. A ledger problem is told once, in one sentence; the invoices wait in the pending
// queue and the conversions still count as done.
import { basename } from 'node:path';
import { invoiceJsonLine } from '../../shared/invoices.ts';
import type { JobView } from '../../shared/jobs.ts';
import { type Engine, type InvoiceOutcome, InvoiceRecorder, parseLedgerUrl } from '../engine/index.ts';
import type { InvoiceOptions } from './args.ts';
import { EXIT } from './exit-codes.ts';
import { type Output, printError, type Reporter } from './reporter.ts';
import type { Session } from './session.ts';

export interface InvoiceStep {
  /** Waits for every invoice started so far (call before the summary line). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

function money(value: number | null, currency: string | null): string {
  if (value === null) return '?';
  return `${currency ?? ''} ${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`.trim();
}

function plainLine(outcome: InvoiceOutcome): string {
  const name = basename(outcome.source);
  if (!('facts' in outcome)) return `invoice     ${name}: not read`;
  const { facts } = outcome;
  const where = {
    added: 'added to the ledger',
    known: 'already in the ledger',
    queued: 'waiting for the ledger',
  }[outcome.ledger];
  const review = facts.status === 'ok' ? 'ok' : `needs review: ${facts.review.join(', ')}`;
  return `invoice     ${name}: ${facts.invoiceNumber ?? '?'}, ${money(facts.gross, facts.currency)}, ${review} (${where})`;
}

/** Returns a usage problem (exit 2) when the ledger address is not one we know. */
type StepContext = {
  stateDir: string;
  json: boolean;
  io: Output;
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
};

/** The invoice step of a command that may have --invoices (none without it). A ledger URL that
 *  cannot be read ends the session with its sentence and the usage exit code. */
export async function openInvoiceStep(
  session: Session,
  options: InvoiceOptions | undefined,
  context: StepContext,
): Promise<{ ok: true; step: InvoiceStep | undefined } | { ok: false; exitCode: number }> {
  if (!options) return { ok: true, step: undefined };
  const step = startInvoiceStep(session.engine, options, context);
  if (step !== 'ledger_url_invalid') return { ok: true, step };
  await session.end();
  printError(context.io, step, options.ledger);
  return { ok: false, exitCode: EXIT.usage };
}

function startInvoiceStep(
  engine: Engine,
  options: InvoiceOptions,
  context: StepContext,
): InvoiceStep | 'ledger_url_invalid' {
  const target = parseLedgerUrl(options.ledger, context.stateDir);
  if (!target) return 'ledger_url_invalid';
  const recorder = new InvoiceRecorder({ stateDir: context.stateDir, target });
  const running = new Set<Promise<void>>();
  const done = new Set<string>();
  const told = new Set<string>();
  const onJob = (view: JobView): void => {
    if (view.to !== 'xlsx') return;
    // Hash the source while it surely exists (a watch rule may move it after success).
    if (view.state !== 'failed' && view.state !== 'cancelled' && view.state !== 'completed')
      recorder.noteSource(view.source);
    if (view.state !== 'completed' || !view.output || done.has(view.id)) return;
    done.add(view.id);
    const work = recorder.record(view.source, view.output).then((outcome) => {
      if (outcome.error && !told.has(outcome.error.code)) {
        told.add(outcome.error.code);
        printError(
          context.io,
          outcome.error.code,
          outcome.error.code.startsWith('ledger') ? recorder.location : undefined,
        );
      }
      if (!('facts' in outcome)) return;
      if (context.json)
        context.io.stdout.write(`${JSON.stringify(invoiceJsonLine(outcome.source, outcome.facts))}\n`);
      else context.reporter.note(plainLine(outcome));
    });
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  const unsubscribe = engine.on('job', onJob);
  const settle = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    settle,
    async close() {
      unsubscribe();
      await settle();
      await recorder.close();
    },
  };
}
