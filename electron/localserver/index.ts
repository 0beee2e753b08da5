// The local iFileConverter-compatible server: startLocalServer() brings up the API origin and
// a second, download-only origin on loopback, speaking api-contract.md exactly.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Account } from './account.ts';
import { PRICING, type ServerContext } from './context.ts';
import { ConverterTable } from './converters/table.ts';
import { DEFAULT_CONVERSION_LIMITS } from './conversion-process.ts';
import { DEFAULT_RATE_LIMIT, DEFAULT_RETENTION_MS, DEFAULT_TOKENS, limitsFor } from './facts.ts';
import { Faults } from './faults.ts';
import { ConversionQueue } from './jobs.ts';
import { jobJson } from './job-record.ts';
import { JobLedger } from './ledger.ts';
import { RateLimiter } from './rate-limit.ts';
import { apiHandler, downloadHandler } from './server.ts';
import { signedPath } from './signing.ts';
import type { LocalServer, LocalServerOptions, RequestLogEntry } from './types.ts';
import { WebhookSender } from './webhooks.ts';
import { systemClock } from '../../shared/clock.ts';

export type * from './types.ts';
export { OWN_MACHINE_REQUESTS_PER_MINUTE } from './own-machine.ts';
export { webhookSignature } from './webhooks.ts';
export { parseFaultSpec, parseServeLocalArgs } from './flags.ts';
export { ConverterTable } from './converters/table.ts';
export { localAccount, localFormats } from './facts.ts';

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function origin(host: string, port: number, secure: boolean): string {
  return `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ifc-localserver-')));
  const uploadsDir = join(dataDir, 'files');
  await mkdir(uploadsDir, { recursive: true });
  const key = options.key ?? `ifc_local_${randomBytes(16).toString('hex')}`;
  const account = new Account(key, options.tokens ?? DEFAULT_TOKENS);
  const ledger = new JobLedger();
  const clock = options.clock ?? systemClock;
  const faults = new Faults(options.faults, clock);
  const table = new ConverterTable({ benchPassThrough: options.benchPassThrough });
  const webhooks = new WebhookSender(clock);
  const limiter = new RateLimiter(
    options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT,
    clock,
    options.rateLimitWindowMs,
  );
  const signingSecret = randomBytes(32);
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const log: RequestLogEntry[] = [];
  const logTo = options.requestLog === false ? undefined : log;
  let downloadOrigin = '';

  const ctx: ServerContext = {
    clock,
    account,
    ledger,
    faults,
    table,
    webhooks,
    pricing: PRICING,
    limits: limitsFor({ maxFileBytes: options.maxFileBytes, retentionMs }),
    uploadsDir,
    idempotency: new Map(),
    idempotencyInFlight: new Map(),
    downloadUrl: (job) => `${downloadOrigin}${signedPath(signingSecret, job.id, job.expiresAt ?? 0)}`,
    runner: new ConversionQueue({
      table,
      account,
      ledger,
      faults,
      concurrency: Math.max(1, options.conversionConcurrency ?? 2),
      clock,
      retentionMs,
      limits: { ...DEFAULT_CONVERSION_LIMITS, ...options.conversionLimits },
      onFinal: (job) => {
        const body = jobJson(job, ctx.downloadUrl);
        if (account.webhookUrl) webhooks.send(account.webhookUrl, account.webhookSecret, body);
        if (job.callbackUrl) webhooks.send(job.callbackUrl, account.webhookSecret, body);
      },
    }),
  };

  // Over HTTPS when given a certificate: the proxy and trust tests need a real TLS origin.
  const tls = options.tls;
  const serve = (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Server =>
    tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  const api = serve(apiHandler({ ctx, limiter, log: logTo }));
  const downloads = serve(downloadHandler(ctx, logTo, signingSecret));
  let tlsRefusals = 0;
  for (const server of [api, downloads]) {
    // Large uploads and slow-response faults must not be cut by Node's default timeouts.
    server.requestTimeout = 0;
    server.on('clientError', (_error, socket) => socket.destroy());
    server.on('tlsClientError', () => {
      tlsRefusals += 1;
    });
  }
  const apiPort = await listen(api, host, options.port ?? 0);
  const downloadPort = await listen(downloads, host, 0);
  downloadOrigin = origin(host, downloadPort, tls !== undefined);

  let closing: Promise<void> | undefined;
  return {
    url: origin(host, apiPort, tls !== undefined),
    downloadOrigin,
    key,
    faults,
    ledger,
    requests: log,
    tlsRefusals: () => tlsRefusals,
    setTokens: (n) => account.setTokens(n),
    balance: () => account.balance(),
    conversionPids: () => ctx.runner.conversionPids(),
    close: () => {
      closing ??= (async () => {
        await Promise.all([closeServer(api), closeServer(downloads), ctx.runner.close()]);
        await webhooks.close();
        if (ownDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return closing;
    },
  };
}
