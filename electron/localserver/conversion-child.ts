// The process conversions run in (see conversion-process.ts): it says 'ready', then runs the
// jobs it is sent one at a time, reporting progress, notes and each outcome. A converter's
// module (and its libraries) loads on the first job that needs it, once per process: a csv
// job never waits for pdf.js. Running them in a process of its own keeps the server's event
// loop free, lets the parent bound time, heap and output, and makes cancelling a plain kill
// whatever the converter is doing (native code included).
import { ConversionFailure } from './converters/converter.ts';
import { ConverterTable } from './converters/table.ts';

export interface ChildJob {
  type: 'job';
  from: string;
  to: string;
  input: string;
  output: string;
  sourceName: string;
  /** Test faults: a converter stuck in a loop, or one that allocates without end. */
  fault?: 'spin' | 'hog';
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'progress'; fraction: number }
  | { type: 'note'; text: string }
  | { type: 'done' }
  | { type: 'failed'; code: string; detail: string };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

const TABLE = new ConverterTable({ benchPassThrough: true });

function runFault(fault: 'spin' | 'hog'): void {
  if (fault === 'spin') for (;;);
  const kept: number[][] = [];
  for (;;) kept.push(new Array(1 << 16).fill(kept.length));
}

async function run(job: ChildJob): Promise<ChildMessage> {
  if (job.fault) runFault(job.fault);
  const entry = TABLE.find(job.from, job.to);
  if (!entry) return { type: 'failed', code: 'unsupported_conversion', detail: `${job.from} -> ${job.to}` };
  let sentProgress = 0;
  try {
    const converter = await entry.load();
    const result = await converter.run({
      input: job.input,
      output: job.output,
      sourceName: job.sourceName,
      signal: new AbortController().signal,
      progress: (fraction) => {
        // Converters may call this per row: one message per percent is plenty.
        if (Math.abs(fraction - sentProgress) < 0.01 && fraction < 1) return;
        sentProgress = fraction;
        void send({ type: 'progress', fraction });
      },
      note: (text) => void send({ type: 'note', text }),
    });
    if (result?.note) await send({ type: 'note', text: result.note });
    return { type: 'done' };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      type: 'failed',
      code: error instanceof ConversionFailure ? error.code : 'conversion_error',
      detail,
    };
  }
}

// The parent going away (killed, crashed) must not leave a conversion running.
process.on('disconnect', () => process.exit(0));
// The parent sends the next job only after this one's outcome, so jobs never overlap here.
process.on('message', (message: ChildJob) => {
  void run(message).then(send);
});
void send({ type: 'ready' });
