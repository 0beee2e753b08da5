// `ifc` command lines (cli.md), parsed strictly: an unknown flag, a missing value or a bad
// number is a usage error (exit 2), never silently ignored.
import { parseArgs } from 'node:util';
import type { ConflictPolicy } from '../engine/index.ts';
import { normalizeFormat } from '../../shared/formats.ts';
import { asksHelp } from './help.ts';
import { asksVersion } from './version.ts';

export type AfterAction = 'keep' | 'move' | 'trash';

export type Command =
  | {
      name: 'convert';
      inputs: string[];
      to: string;
      out?: string;
      conflict: ConflictPolicy;
      concurrency?: number;
      partial: boolean;
      invoices?: InvoiceOptions;
      /** `--max-tokens <n>`: refuse the batch before any upload if its estimate passes n. */
      maxTokens?: number;
      /** `--receipt <file.csv>`: what each converted file was charged, written at the end. */
      receipt?: string;
      common: Common;
    }
  | { name: 'resume'; common: Common }
  | { name: 'merge'; inputs: string[]; out: string; maxTokens?: number; common: Common }
  | {
      name: 'watch';
      folder: string;
      to: string;
      out?: string;
      recursive: boolean;
      after: AfterAction;
      invoices?: InvoiceOptions;
      maxTokens?: number;
      common: Common;
    }
  | { name: 'invoices'; action: 'list' | 'export'; out?: string; ledger?: string; common: Common }
  | { name: 'jobs'; common: Common }
  | { name: 'balance'; common: Common }
  | { name: 'formats'; common: Common }
  | { name: 'login'; common: Common }
  | { name: 'logout'; common: Common }
  | { name: 'serve-local'; args: string[] }
  | { name: 'help' }
  | { name: 'version' };

/** `--invoices [--ledger <url>]`: read each XLSX result into the invoice ledger. */
export interface InvoiceOptions {
  ledger?: string;
}

export interface Common {
  endpoint?: string;
  /** `--proxy <url>|none` (proxy.ts). */
  proxy?: string;
  stateDir?: string;
  json: boolean;
}

export type Parsed = { ok: true; command: Command } | { ok: false; problem: string };

const COMMON = {
  endpoint: { type: 'string' },
  proxy: { type: 'string' },
  'state-dir': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const PER_COMMAND = {
  convert: {
    ...COMMON,
    to: { type: 'string' },
    out: { type: 'string' },
    'on-conflict': { type: 'string' },
    concurrency: { type: 'string' },
    partial: { type: 'boolean' },
    invoices: { type: 'boolean' },
    ledger: { type: 'string' },
    'max-tokens': { type: 'string' },
    receipt: { type: 'string' },
  },
  resume: COMMON,
  merge: { ...COMMON, out: { type: 'string' }, 'max-tokens': { type: 'string' } },
  watch: {
    ...COMMON,
    to: { type: 'string' },
    out: { type: 'string' },
    recursive: { type: 'boolean' },
    after: { type: 'string' },
    invoices: { type: 'boolean' },
    ledger: { type: 'string' },
    'max-tokens': { type: 'string' },
  },
  invoices: { ...COMMON, out: { type: 'string' }, ledger: { type: 'string' } },
  jobs: COMMON,
  balance: COMMON,
  formats: COMMON,
  login: COMMON,
  logout: COMMON,
} as const;

function problem(text: string): Parsed {
  return { ok: false, problem: text };
}

function common(values: Record<string, unknown>): Common {
  const out: Common = { json: values.json === true };
  if (typeof values.endpoint === 'string') out.endpoint = values.endpoint;
  if (typeof values.proxy === 'string') out.proxy = values.proxy;
  if (typeof values['state-dir'] === 'string') out.stateDir = values['state-dir'];
  return out;
}

function format(value: unknown): string | undefined {
  return typeof value === 'string' ? normalizeFormat(value) : undefined;
}

/** --invoices needs --to xlsx; --ledger means nothing without --invoices. */
function invoiceOptions(values: Record<string, unknown>, to: string): InvoiceOptions | string | undefined {
  if (values.invoices !== true) return values.ledger === undefined ? undefined : '--ledger needs --invoices';
  if (to !== 'xlsx') return 'invoices_need_xlsx';
  return typeof values.ledger === 'string' ? { ledger: values.ledger } : {};
}

/** `--max-tokens <n>`: a whole number of tokens, 0 or more; undefined when not given. */
function maxTokens(values: Record<string, unknown>): number | string | undefined {
  if (values['max-tokens'] === undefined) return undefined;
  const n = Number(values['max-tokens']);
  return Number.isSafeInteger(n) && n >= 0 ? n : '--max-tokens must be a whole number of tokens (0 or more)';
}

function invoicesCommand(positionals: string[], values: Record<string, unknown>, shared: Common): Parsed {
  const [action, ...extra] = positionals;
  if ((action !== 'list' && action !== 'export') || extra.length > 0)
    return problem('invoices needs "list" or "export"');
  const command: Command = { name: 'invoices', action, common: shared };
  if (typeof values.ledger === 'string') command.ledger = values.ledger;
  if (action === 'export') {
    if (typeof values.out !== 'string' || !/\.(xlsx|csv)$/i.test(values.out))
      return problem('invoices export needs --out <file.xlsx|file.csv>');
    command.out = values.out;
  } else if (values.out !== undefined) return problem('invoices list takes no --out');
  return { ok: true, command };
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined || asksHelp(argv)) return { ok: true, command: { name: 'help' } };
  if (asksVersion(argv)) return { ok: true, command: { name: 'version' } };
  // The local server parses its own flags (shared with the desktop app's dev tooling).
  if (name === 'serve-local') return { ok: true, command: { name: 'serve-local', args: rest } };
  if (!Object.hasOwn(PER_COMMAND, name)) return problem(`unknown command "${name}"`);
  const key = name as keyof typeof PER_COMMAND;
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: PER_COMMAND[key], allowPositionals: true, strict: true });
  } catch (error) {
    return problem((error as Error).message);
  }
  const values = parsed.values;
  const positionals = parsed.positionals;
  const shared = common(values);
  switch (key) {
    case 'convert': {
      const to = format(values.to);
      if (positionals.length === 0) return problem('convert needs at least one file or folder');
      if (!to) return problem('convert needs --to <format>');
      const conflict = (values['on-conflict'] ?? 'rename') as string;
      if (conflict !== 'rename' && conflict !== 'overwrite' && conflict !== 'skip')
        return problem('--on-conflict must be rename, overwrite or skip');
      const invoices = invoiceOptions(values, to);
      if (typeof invoices === 'string') return problem(invoices);
      const command: Command = {
        name: 'convert',
        inputs: positionals,
        to,
        conflict,
        partial: values.partial === true,
        common: shared,
      };
      if (invoices) command.invoices = invoices;
      if (typeof values.out === 'string') command.out = values.out;
      const cap = maxTokens(values);
      if (typeof cap === 'string') return problem(cap);
      if (cap !== undefined) command.maxTokens = cap;
      if (values.receipt !== undefined) {
        if (typeof values.receipt !== 'string' || !/\.(csv|xlsx)$/i.test(values.receipt))
          return problem('--receipt needs a file name ending in .csv (or .xlsx)');
        command.receipt = values.receipt;
      }
      if (values.concurrency !== undefined) {
        const n = Number(values.concurrency);
        if (!Number.isInteger(n) || n < 1 || n > 64)
          return problem('--concurrency must be a whole number from 1 to 64');
        command.concurrency = n;
      }
      return { ok: true, command };
    }
    case 'watch': {
      const to = format(values.to);
      if (positionals.length !== 1) return problem('watch needs exactly one folder');
      if (!to) return problem('watch needs --to <format>');
      const after = (values.after ?? 'keep') as string;
      if (after !== 'keep' && after !== 'move' && after !== 'trash')
        return problem('--after must be keep, move or trash');
      const invoices = invoiceOptions(values, to);
      if (typeof invoices === 'string') return problem(invoices);
      const command: Command = {
        name: 'watch',
        folder: positionals[0]!,
        to,
        recursive: values.recursive === true,
        after,
        common: shared,
      };
      if (invoices) command.invoices = invoices;
      if (typeof values.out === 'string') command.out = values.out;
      const cap = maxTokens(values);
      if (typeof cap === 'string') return problem(cap);
      if (cap !== undefined) command.maxTokens = cap;
      return { ok: true, command };
    }
    case 'invoices':
      return invoicesCommand(positionals, values, shared);
    case 'merge': {
      if (positionals.length === 0) return problem('merge needs at least one file');
      if (typeof values.out !== 'string' || !/\.pdf$/i.test(values.out))
        return problem('merge needs --out <file.pdf>');
      const cap = maxTokens(values);
      if (typeof cap === 'string') return problem(cap);
      const command: Command = { name: 'merge', inputs: positionals, out: values.out, common: shared };
      if (cap !== undefined) command.maxTokens = cap;
      return { ok: true, command };
    }
    default:
      if (positionals.length > 0) return problem(`${key} takes no file names`);
      return { ok: true, command: { name: key, common: shared } };
  }
}
