// The reference a person could use instead of the app: curl, doing the contract's three steps
// (POST the file, poll the status on the same schedule the engine uses, GET the result), each
// a real curl process. Timed per step so the wire phases can be compared one by one.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { DEFAULT_POLL, nextPollDelay, type PollTiming } from '../../../electron/engine/jobs/poll-schedule.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface CurlRun {
  wallMs: number;
  uploadMs: number;
  downloadMs: number;
  polls: number;
  output: string;
}

async function curl(args: string[]): Promise<string> {
  const { stdout } = await run('curl', ['--silent', '--show-error', '--fail-with-body', ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export async function curlConvert(options: {
  url: string;
  key: string;
  file: string;
  fileName: string;
  to: string;
  output: string;
  /** The schedule the engine it is compared with uses (default: the engine's default). */
  poll?: PollTiming;
}): Promise<CurlRun> {
  const auth = ['-H', `Authorization: Bearer ${options.key}`];
  const started = performance.now();
  const accepted = JSON.parse(
    await curl([
      ...auth,
      '-H',
      `Idempotency-Key: ${randomUUID()}`,
      // No "Expect: 100-continue" round trip: the engine does not make one either.
      '-H',
      'Expect:',
      '-F',
      `to=${options.to}`,
      '-F',
      `file=@${options.file};filename=${options.fileName};type=application/octet-stream`,
      `${options.url}/api/convert`,
    ]),
  ) as { jobId: string };
  const uploadMs = performance.now() - started;
  let polls = 0;
  let downloadUrl: string | undefined;
  for (;;) {
    // The engine's own schedule without its jitter: the same number of waits, the same lengths.
    await sleep(nextPollDelay(polls, options.poll ?? DEFAULT_POLL, undefined, () => 0.5));
    const job = JSON.parse(
      await curl([...auth, `${options.url}/api/convert/status/${encodeURIComponent(accepted.jobId)}`]),
    ) as { status: string; downloadUrl?: string; error?: { code: string } };
    polls += 1;
    if (job.status === 'completed') {
      downloadUrl = job.downloadUrl;
      break;
    }
    if (job.status === 'failed') throw new Error(`curl reference: job failed (${job.error?.code})`);
  }
  if (!downloadUrl) throw new Error('curl reference: completed job without downloadUrl');
  const downloadStarted = performance.now();
  await curl(['-o', options.output, downloadUrl]);
  const ended = performance.now();
  return {
    wallMs: ended - started,
    uploadMs,
    downloadMs: ended - downloadStarted,
    polls,
    output: options.output,
  };
}
