// Every file in shared/fixtures/realworld (other people's files, read in place) to every target
// the local server offers for it, through the real server over HTTP, within the server's own
// limits: each job must reach a final status, and either complete with a result that downloads
// whole, or fail with exactly the one sentence shared/messages.ts has for its code. Which
// pairs are refused, and why, is listed below; any other outcome fails the test, so nothing is
// skipped silently and a refusal that starts or stops happening is noticed.
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import {
  download,
  FIXTURES,
  getJob,
  type Harness,
  harness,
  type JobBody,
  postConvert,
  untilFinal,
} from './helpers.ts';
import { waitFor } from '../../support/wait.ts';

const REAL = join(FIXTURES, 'realworld');
// Limits of the walk: far above what any of these files needs, and low enough that a runaway
// conversion ends as a refusal in seconds rather than filling the CI machine.
const LIMITS = { timeMs: 120_000, memoryMb: 1024, outputBytes: 64 * 1024 * 1024 };

/** `file -> target` that must fail, with the code. Everything else must complete. */
const REFUSED: Record<string, string> = {
  // The document's own fault, refused with its sentence.
  'img-truncated.jpg -> pdf': 'corrupt_input',
  'img-truncated.jpg -> png': 'corrupt_input',
  'img-truncated.jpg -> webp': 'corrupt_input',
  'docx-poi-bug53475-password-is-pass.docx -> html': 'encrypted_input',
  'docx-poi-bug53475-password-is-pass.docx -> txt': 'encrypted_input',
  'docx-poi-truncated62886.docx -> html': 'corrupt_input',
  'docx-poi-truncated62886.docx -> txt': 'corrupt_input',
  'xlsx-poi-clusterfuzz-XLSX2CSV-5636439151607808.xlsx -> csv': 'corrupt_input',
  // 110 KB of xlsx that expands to 12 GB of csv: stopped at the result limit.
  'xlsx-poi-poc-shared-strings.xlsx -> csv': 'result_too_large',
};
// pdf-bomb_giant.pdf completes on purpose: its giant JBIG2 image is never decoded for text, so
// the bomb does not go off; the page's text ("GIANT JBIG2 BOMB ...") is the honest result.

function sourceFormat(name: string): string {
  const ext = extname(name).slice(1).toLowerCase();
  return ext === 'jpeg' ? 'jpg' : ext;
}

/** Waits for the job to leave the queue (two run at a time, each bounded by the time limit, so
 *  it will; the test's own timeout names the wait), then for its final status, which the time
 *  limit guarantees. */
async function finalStatus(jobId: string): Promise<JobBody> {
  await waitFor(
    async () => (await getJob(h, jobId)).body.status !== 'queued',
    `job ${jobId} leaving the queue`,
    LIMITS.timeMs + 60_000,
  );
  return untilFinal(h, jobId, LIMITS.timeMs + 60_000);
}

let h: Harness;
let conversions: Record<string, string[]>;
beforeAll(async () => {
  h = await harness({ conversionConcurrency: 2, conversionLimits: LIMITS });
  const response = await fetch(`${h.server.url}/api/formats`, { headers: h.auth });
  conversions = ((await response.json()) as { conversions: Record<string, string[]> }).conversions;
});
afterAll(() => h.close());

describe('every realworld file to every offered target', () => {
  it('finishes, and a refusal is one plain sentence', { timeout: 30 * 60_000 }, async () => {
    const files = readdirSync(REAL).filter((name) => name !== 'SOURCES.md');
    expect(files.length).toBeGreaterThan(40);
    const pairs = files.flatMap((name) => {
      const targets = conversions[sourceFormat(name)];
      // A file type the server does not offer at all would be a gap in this walk: say so.
      expect(targets, `${name}: no conversion offered for .${sourceFormat(name)}`).toBeDefined();
      return (targets ?? []).map((to) => ({ name, to }));
    });
    // All submitted before any is awaited: the server queues them and runs two at a time.
    const jobs: { name: string; to: string; jobId: string }[] = [];
    for (const { name, to } of pairs) {
      const response = await postConvert(h, { to, path: join(REAL, name) });
      expect(response.status, `${name} -> ${to}`).toBe(202);
      jobs.push({ name, to, jobId: ((await response.json()) as JobBody).jobId });
    }
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const { name, to, jobId } of jobs) {
      const pair = `${name} -> ${to}`;
      const job = await finalStatus(jobId);
      if (job.status === 'failed') {
        const code = job.error?.code ?? '';
        expect(code in MESSAGES, `${pair}: unknown code ${code}`).toBe(true);
        expect(job.error?.message, pair).toBe(MESSAGES[code as keyof typeof MESSAGES]);
        outcomes.push(`${pair}: ${code}`);
      } else {
        expect(job.status, pair).toBe('completed');
        const bytes = await download(job);
        expect(bytes.length, pair).toBe(job.bytes);
        outcomes.push(`${pair}: completed`);
      }
      expected.push(`${pair}: ${REFUSED[pair] ?? 'completed'}`);
    }
    expect(outcomes).toEqual(expected);
    // Every listed refusal belongs to a pair that exists.
    for (const pair of Object.keys(REFUSED))
      expect(jobs.map((job) => `${job.name} -> ${job.to}`)).toContain(pair);
  });
});
