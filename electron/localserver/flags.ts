// `ifc serve-local [--host H] [--port N] [--tokens N] [--key K] [--data-dir D]
// [--retention-ms N] [--rate-limit N] [--concurrency N] [--max-file-bytes N] [--fault SPEC]...`
// parsed into LocalServerOptions. Faults are never on unless a --fault flag names one.
//
// Fault SPECs (each flag adds one; a JSON object of FaultPlan fields is accepted too):
//   rate-limit:COUNT:SECONDS[:date][:path,path]   5xx:PATH:STATUS:COUNT       slow:PATH:MS
//   reset-upload:COUNT    truncate-download:COUNT   hostile-names    immediate-expiry
//   fail-jobs:CODE[:COUNT[:MATCH]]   never-finish[:COUNT[:MATCH]]   drain-after:N
//   status-retry-after:SECONDS   runaway:spin|hog[:COUNT[:MATCH]]
// Conversion limits: --time-limit-ms N, --memory-limit-mb N, --output-limit-bytes N.
import { fail, ok, type Result } from '../../shared/result.ts';
import type { FaultPlan, LocalServerOptions } from './types.ts';

const RATE_PATHS = ['convert', 'status', 'account', 'formats', 'download'] as const;

function invalid(detail: string): Result<never> {
  return fail({ code: 'invalid_input', message: detail });
}

function count(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function optionalCount(text: string | undefined): number | undefined | null {
  if (text === undefined || text === '') return undefined;
  return count(text) ?? null;
}

/** One --fault SPEC as a partial fault plan. */
export function parseFaultSpec(spec: string): Result<Partial<FaultPlan>> {
  if (spec.trim().startsWith('{')) {
    try {
      return ok(JSON.parse(spec) as Partial<FaultPlan>);
    } catch {
      return invalid(`--fault: not valid JSON: ${spec}`);
    }
  }
  const [name, ...args] = spec.split(':');
  const [a, b, c, d] = args;
  switch (name) {
    case 'rate-limit': {
      const n = count(a);
      const seconds = count(b);
      if (n === undefined || seconds === undefined)
        return invalid('--fault rate-limit:COUNT:SECONDS[:date][:paths]');
      const rest = [c, d].filter((part): part is string => part !== undefined);
      const asDate = rest.includes('date');
      const pathList = rest.find((part) => part !== 'date')?.split(',');
      if (pathList?.some((path) => !(RATE_PATHS as readonly string[]).includes(path)))
        return invalid(`--fault rate-limit paths must be among ${RATE_PATHS.join(', ')}`);
      const paths = pathList as FaultPlan['rateLimit']['paths'];
      return ok({ rateLimit: { count: n, retryAfterSeconds: seconds, asDate, ...(paths ? { paths } : {}) } });
    }
    case '5xx': {
      const status = Number(b);
      const n = count(c);
      if (!a || (status !== 500 && status !== 502 && status !== 503) || n === undefined)
        return invalid('--fault 5xx:PATH:500|502|503:COUNT');
      return ok({ serverError: [{ path: a, status, count: n }] });
    }
    case 'slow': {
      const ms = count(b);
      if (!a || ms === undefined) return invalid('--fault slow:PATH:MS');
      return ok({ slow: { path: a, delayMs: ms } });
    }
    case 'reset-upload':
    case 'truncate-download': {
      const n = count(a);
      if (n === undefined) return invalid(`--fault ${name}:COUNT`);
      return ok(name === 'reset-upload' ? { resetUpload: { count: n } } : { truncateDownload: { count: n } });
    }
    case 'hostile-names':
      return ok({ hostileNames: true });
    case 'immediate-expiry':
      return ok({ immediateExpiry: true });
    case 'fail-jobs': {
      const n = optionalCount(b);
      if (!a || n === null) return invalid('--fault fail-jobs:CODE[:COUNT[:MATCH]]');
      return ok({
        failJobs: { code: a, ...(n !== undefined ? { count: n } : {}), ...(c ? { match: c } : {}) },
      });
    }
    case 'never-finish': {
      const n = optionalCount(a);
      if (n === null) return invalid('--fault never-finish[:COUNT[:MATCH]]');
      return ok({ neverFinish: { ...(n !== undefined ? { count: n } : {}), ...(b ? { match: b } : {}) } });
    }
    case 'runaway': {
      const n = optionalCount(b);
      if ((a !== 'spin' && a !== 'hog') || n === null)
        return invalid('--fault runaway:spin|hog[:COUNT[:MATCH]]');
      return ok({
        runawayConversion: { kind: a, ...(n !== undefined ? { count: n } : {}), ...(c ? { match: c } : {}) },
      });
    }
    case 'drain-after':
    case 'status-retry-after': {
      const n = count(a);
      if (n === undefined) return invalid(`--fault ${name}:N`);
      return ok(name === 'drain-after' ? { drainAfterJobs: n } : { statusRetryAfterSeconds: n });
    }
    default:
      return invalid(`--fault: unknown fault "${name}"`);
  }
}

const NUMBER_FLAGS = {
  '--port': 'port',
  '--tokens': 'tokens',
  '--retention-ms': 'retentionMs',
  '--rate-limit': 'rateLimitPerMinute',
  '--concurrency': 'conversionConcurrency',
  '--max-file-bytes': 'maxFileBytes',
} as const;
const LIMIT_FLAGS = {
  '--time-limit-ms': 'timeMs',
  '--memory-limit-mb': 'memoryMb',
  '--output-limit-bytes': 'outputBytes',
} as const;
const TEXT_FLAGS = { '--host': 'host', '--key': 'key', '--data-dir': 'dataDir' } as const;

/** Options for startLocalServer from `serve-local` arguments (after the command word). */
export function parseServeLocalArgs(args: readonly string[]): Result<LocalServerOptions> {
  const options: LocalServerOptions = {};
  const faults: Partial<FaultPlan> = {};
  for (let index = 0; index < args.length; index += 1) {
    const raw = args[index]!;
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const value = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : args[++index];
    if (value === undefined) return invalid(`${flag} needs a value`);
    if (flag in NUMBER_FLAGS) {
      const n = count(value);
      if (n === undefined) return invalid(`${flag} needs a whole number, not "${value}"`);
      options[NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]] = n;
    } else if (flag in LIMIT_FLAGS) {
      const n = count(value);
      if (n === undefined || n === 0) return invalid(`${flag} needs a whole number above 0, not "${value}"`);
      options.conversionLimits = {
        ...options.conversionLimits,
        [LIMIT_FLAGS[flag as keyof typeof LIMIT_FLAGS]]: n,
      };
    } else if (flag in TEXT_FLAGS) {
      options[TEXT_FLAGS[flag as keyof typeof TEXT_FLAGS]] = value;
    } else if (flag === '--fault') {
      const parsed = parseFaultSpec(value);
      if (!parsed.ok) return parsed;
      const { serverError, ...rest } = parsed.value;
      Object.assign(faults, rest);
      if (serverError) faults.serverError = [...(faults.serverError ?? []), ...serverError];
    } else {
      return invalid(`serve-local: unknown option ${flag}`);
    }
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  return ok(options);
}
