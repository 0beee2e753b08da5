// Conversions run in their own processes, bounded by time, heap and result size: each limit
// hit is its own failure code with its sentence, a cancel or a close kills the process at
// once, and the server keeps answering while a conversion spins. Runaway converters come from
// the `runawayConversion` fault (a busy loop that never yields, or endless allocation).
import { readFileSync } from 'node:fs';
import { fetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../shared/messages.ts';
import {
  convert,
  fixture,
  getJob,
  type Harness,
  harness,
  type JobBody,
  postConvert,
  untilFinal,
} from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** True while the process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function started(server: Harness, to: string, name: string): Promise<{ job: JobBody; pid: number }> {
  const response = await postConvert(server, { to, path: await fixture(server, name) });
  const job = (await response.json()) as JobBody;
  await expect
    .poll(() => server.server.conversionPids().length, { timeout: 30_000, message: 'a conversion process' })
    .toBe(1);
  return { job, pid: server.server.conversionPids()[0]! };
}

function expectFailure(job: JobBody, code: keyof typeof MESSAGES): void {
  expect(job.status).toBe('failed');
  expect(job.error).toEqual({ code, message: MESSAGES[code] });
}

describe('conversion limits', () => {
  it('a result over the output limit fails with result_too_large and is refunded', async () => {
    h = await harness({ tokens: 100, conversionLimits: { outputBytes: 100 } });
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expectFailure(job, 'result_too_large');
    expect(h.server.balance()).toBe(100);
  });

  it('a result within the output limit completes', async () => {
    h = await harness({ conversionLimits: { outputBytes: 1_000_000 } });
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expect(job.status).toBe('completed');
    expect(job.bytes).toBeLessThanOrEqual(1_000_000);
  });

  it('a conversion that allocates without end fails with conversion_memory', async () => {
    h = await harness({ conversionLimits: { memoryMb: 96 }, faults: { runawayConversion: { kind: 'hog' } } });
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expectFailure(job, 'conversion_memory');
  });

  it('a conversion that never ends fails with conversion_timeout at the time limit', async () => {
    h = await harness({ conversionLimits: { timeMs: 300 }, faults: { runawayConversion: { kind: 'spin' } } });
    const job = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expectFailure(job, 'conversion_timeout');
    expect(h.server.conversionPids()).toEqual([]);
  });
});

describe('a spinning conversion', () => {
  it('leaves the server answering, and a cancel kills its process', async () => {
    h = await harness({ faults: { runawayConversion: { kind: 'spin', count: 1 } } });
    const { job, pid } = await started(h, 'json', 'sales.csv');
    const account = await fetch(`${h.server.url}/api/account`, { headers: h.auth });
    expect(account.status).toBe(200);
    expect((await getJob(h, job.jobId)).body.status).toBe('processing');
    const cancel = await fetch(`${h.server.url}/api/convert/${job.jobId}`, {
      method: 'DELETE',
      headers: h.auth,
    });
    expect(cancel.status).toBe(204);
    await expect.poll(() => alive(pid), { timeout: 10_000, message: 'the process to be gone' }).toBe(false);
    // The next job runs in a process of its own and completes.
    const next = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv') });
    expect(next.status).toBe('completed');
  });

  it('is killed when the server closes', async () => {
    h = await harness({ faults: { runawayConversion: { kind: 'spin' } } });
    const { pid } = await started(h, 'json', 'sales.csv');
    await h.server.close();
    expect(alive(pid)).toBe(false);
  });

  it('does not hold up other jobs beyond its own slot', async () => {
    h = await harness({
      conversionConcurrency: 2,
      faults: { runawayConversion: { kind: 'spin', count: 1 } },
    });
    const { job } = await started(h, 'json', 'sales.csv');
    const other = await convert(h, { to: 'json', path: await fixture(h, 'sales.csv'), fileName: 'b.csv' });
    expect(other.status).toBe('completed');
    expect((await getJob(h, job.jobId)).body.status).toBe('processing');
    await fetch(`${h.server.url}/api/convert/${job.jobId}`, { method: 'DELETE', headers: h.auth });
  });
});

describe('a job that finished before the limit', () => {
  it('ends with its own code, not a limit code', async () => {
    h = await harness({ conversionLimits: { timeMs: 600_000, memoryMb: 512, outputBytes: 10_000_000 } });
    const response = await postConvert(h, {
      to: 'csv',
      path: await fixture(h, 'sales.csv'),
      fileName: 'not-really.xlsx',
    });
    const job = await untilFinal(h, ((await response.json()) as JobBody).jobId);
    expectFailure(job, 'corrupt_input');
  });
});
