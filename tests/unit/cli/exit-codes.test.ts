// ifc's exit codes (cli.md): how a batch's outcome and a failure before any batch become the
// one number a script looks at, the stronger reason winning when several apply.
import { describe, expect, it } from 'vitest';
import type { BatchSummary, JobView } from '../../../shared/jobs.ts';
import { EXIT, exitCodeFor, exitCodeForFailure } from '../../../electron/cli/exit-codes.ts';

const summary = (failed: string[] = []): BatchSummary => ({
  batchId: 'b',
  completed: [],
  failed: failed.map((code) => ({ source: `/in/${code}`, code, message: code })),
  pending: [],
  skipped: [],
  tokensSpent: 0,
});

const job = (patch: Partial<JobView>): JobView => ({
  id: 'j',
  batchId: 'b',
  source: '/in/a.pdf',
  sourceName: 'a.pdf',
  bytes: 1,
  from: 'pdf',
  to: 'txt',
  state: 'completed',
  progress: 1,
  createdAt: 0,
  updatedAt: 0,
  ...patch,
});

const go = { interrupted: false, needsKey: false };

describe('exit codes of a batch', () => {
  it('is 0 when everything converted and 1 when a document failed', () => {
    expect(exitCodeFor(summary(), [job({})], go)).toBe(EXIT.ok);
    expect(exitCodeFor(summary(['corrupt_input']), [job({ state: 'failed' })], go)).toBe(EXIT.failed);
  });

  it('is 5 when the service could not be reached or a job stalled, over a document failure', () => {
    expect(exitCodeFor(summary(['corrupt_input', 'network']), [], go)).toBe(EXIT.unreachable);
    expect(exitCodeFor(summary(), [job({ state: 'stalled' })], go)).toBe(EXIT.unreachable);
  });

  it('is 4 when files wait for tokens, 3 when a key is needed, 130 when interrupted, in that order', () => {
    const waiting = [job({ state: 'pending', wait: { kind: 'tokens' } })];
    expect(exitCodeFor(summary(['network']), waiting, go)).toBe(EXIT.tokens);
    expect(exitCodeFor(summary(), [job({ state: 'pending', wait: { kind: 'paused' } })], go)).toBe(EXIT.ok);
    expect(exitCodeFor(summary(), waiting, { interrupted: false, needsKey: true })).toBe(EXIT.auth);
    expect(exitCodeFor(summary(), waiting, { interrupted: true, needsKey: true })).toBe(EXIT.interrupted);
  });
});

describe('exit codes of a failure before any batch', () => {
  it('maps key, token, reachability failures, and everything else is bad usage', () => {
    expect(['invalid_api_key', 'no_api_key_cli', 'no_api_key'].map(exitCodeForFailure)).toEqual([3, 3, 3]);
    expect(['insufficient_tokens', 'spend_cap_batch', 'spend_cap_month'].map(exitCodeForFailure)).toEqual([
      4, 4, 4,
    ]);
    expect(
      [
        'network',
        'server_error',
        'protocol',
        'certificate_untrusted',
        'proxy_auth_required',
        'proxy_unsupported',
      ].map(exitCodeForFailure),
    ).toEqual([5, 5, 5, 5, 5, 5]);
    expect(['unsupported_conversion', 'file_missing', 'invalid_input'].map(exitCodeForFailure)).toEqual([
      2, 2, 2,
    ]);
  });
});
