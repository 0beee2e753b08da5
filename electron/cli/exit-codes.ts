// Exit codes of cli.md, and how a batch's outcome maps to one.
import type { BatchSummary, JobView } from '../../shared/jobs.ts';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  auth: 3,
  tokens: 4,
  unreachable: 5,
  interrupted: 130,
} as const;

const UNREACHABLE_CODES = new Set(['server_error', 'network', 'protocol', 'stalled']);

export function exitCodeFor(
  summary: BatchSummary,
  jobs: JobView[],
  stop: { interrupted: boolean; needsKey: boolean },
): number {
  if (stop.interrupted) return EXIT.interrupted;
  if (stop.needsKey) return EXIT.auth;
  if (jobs.some((job) => job.state === 'pending' && job.wait?.kind === 'tokens')) return EXIT.tokens;
  const unreachable =
    summary.failed.some((failure) => UNREACHABLE_CODES.has(failure.code)) ||
    jobs.some((job) => job.state === 'stalled');
  if (unreachable) return EXIT.unreachable;
  if (summary.failed.length > 0) return EXIT.failed;
  return EXIT.ok;
}

/** A failure code met before any batch ran, as an exit code. */
export function exitCodeForFailure(code: string): number {
  if (code === 'invalid_api_key' || code === 'no_api_key_cli' || code === 'no_api_key') return EXIT.auth;
  if (code === 'insufficient_tokens' || code === 'spend_cap_batch' || code === 'spend_cap_month')
    return EXIT.tokens;
  if (
    [
      'network',
      'server_error',
      'protocol',
      'certificate_untrusted',
      'proxy_auth_required',
      'proxy_unsupported',
    ].includes(code)
  )
    return EXIT.unreachable;
  return EXIT.usage;
}
