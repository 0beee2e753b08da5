// The reference for per-file overhead: the least a script could do with undici to convert the
// same files, `concurrency` at a time: POST each file (streamed from disk, ?wait= like the
// engine's sync path, with an Idempotency-Key), poll if the answer is 202, GET the result and
// stream it to a file. No journal, no events, no retries: just the requests.
// `atomic` saves each result the way the engine must (a result reaches disk whole or not at
// all): streamed to a temp name, flushed (fsync) before close, renamed into place. Without
// it the result is streamed straight to its final name, where a kill mid-write leaves a cut
// file and a power cut an empty one: not the same work as the engine's. The folder's own
// fsync after the rename, which the engine also does, is left out (counted as overhead).
import { randomUUID } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent, FormData, request } from 'undici';

interface Job {
  jobId: string;
  status: string;
  downloadUrl?: string;
}

export async function bareUndiciLoop(options: {
  url: string;
  key: string;
  files: { path: string; name: string; to: string }[];
  outDir: string;
  concurrency: number;
  waitSeconds: number;
  atomic?: boolean;
}): Promise<{ wallMs: number; requests: number }> {
  const agent = new Agent({ connections: options.concurrency * 2 });
  const auth = { authorization: `Bearer ${options.key}` };
  let next = 0;
  let requests = 0;
  const one = async (file: (typeof options.files)[number]) => {
    const form = new FormData();
    form.append('to', file.to);
    form.append('file', await openAsBlob(file.path), file.name);
    const posted = await request(`${options.url}/api/convert?wait=${options.waitSeconds}`, {
      method: 'POST',
      body: form,
      headers: { ...auth, 'idempotency-key': randomUUID() },
      dispatcher: agent,
    });
    requests += 1;
    let job = (await posted.body.json()) as Job;
    if (posted.statusCode !== 200 && posted.statusCode !== 202)
      throw new Error(`POST answered ${posted.statusCode}`);
    while (job.status !== 'completed') {
      if (job.status === 'failed') throw new Error(`${file.name} failed`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const polled = await request(`${options.url}/api/convert/status/${job.jobId}`, {
        headers: auth,
        dispatcher: agent,
      });
      requests += 1;
      job = (await polled.body.json()) as Job;
    }
    const result = await request(job.downloadUrl!, { dispatcher: agent });
    requests += 1;
    if (result.statusCode !== 200) throw new Error(`download answered ${result.statusCode}`);
    const target = join(options.outDir, file.name.replace(/\.[^.]+$/, `.${file.to}`));
    if (!options.atomic) {
      await pipeline(result.body, createWriteStream(target));
      return;
    }
    await pipeline(result.body, createWriteStream(`${target}.part`, { flush: true }));
    await rename(`${target}.part`, target);
  };
  const started = performance.now();
  const worker = async () => {
    while (next < options.files.length) await one(options.files[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await agent.close();
  }
  return { wallMs: performance.now() - started, requests };
}
