// `ifc help`: the synopsis from cli.md. Like the version, it is answered by ifc.ts from this
// module alone (no i18n catalogues, no reporter): the synopsis is the same in every language.

/** Whether the command line asks for help (also `ifc` alone): the forms args.ts accepts. */
export function asksHelp(argv: readonly string[]): boolean {
  const [name] = argv;
  return name === undefined || name === 'help' || name === '--help' || name === '-h';
}

export const HELP = `ifc: convert files with iFileConverter from scripts and servers

  ifc convert <file|folder>... --to <format> [--out <dir>] [--on-conflict rename|overwrite|skip]
              [--concurrency <n>] [--partial] [--max-tokens <n>] [--receipt <file.csv>]
              [--endpoint <url>] [--state-dir <dir>] [--json]
  ifc resume  [--endpoint <url>] [--state-dir <dir>] [--json]
  ifc watch   <folder> --to <format> [--out <dir>] [--recursive] [--after keep|move|trash]
              [--max-tokens <n>] [--endpoint <url>] [--state-dir <dir>] [--json]
  ifc jobs    [--state-dir <dir>] [--json]    # ifc's jobs, then the desktop app's (marked "app")
  ifc balance [--endpoint <url>] [--json]
  ifc formats [--endpoint <url>] [--json]
  ifc login   [--endpoint <url>]
  ifc logout
  ifc serve-local [--host 127.0.0.1] [--port <n>] [--tokens <n>] [--key <key>]
  ifc invoices list   [--ledger <url>] [--json]
  ifc invoices export --out <file.xlsx|file.csv> [--ledger <url>]
  ifc merge   <file>... --out <file.pdf> [--max-tokens <n>] [--endpoint <url>]
              [--state-dir <dir>] [--json]
              # each part to PDF (PDFs as they are), joined in order, one bookmark per file;
              # --json ends with {"type":"merge","output":"/abs/out.pdf","pages":N,
              #                   "parts":[{"source":"/abs/a.txt","pages":n}]}

Invoices: add --invoices [--ledger <url>] to convert or watch (with --to xlsx) to read each
XLSX result as an invoice into the ledger. <url> is sqlite:<path> (default
sqlite:<state dir>/ledger.sqlite) or postgres://user@host:port/db (password from the URL or
PGPASSWORD).

Cost: --max-tokens <n> refuses a batch whose estimate passes n tokens before anything is
uploaded (exit 4; ifc watch sends each file alone and skips one past it). --receipt <file.csv>
(or .xlsx) writes one row per charged file: file, target, size, tokens, job id, started,
finished; the tokens column adds up to the summary's tokensSpent.

Key: IFC_API_KEY, else the system keychain entry written by "ifc login".
Endpoint: --endpoint, else IFC_API_URL, else the desktop app's setting, else the iFileConverter
service. "--endpoint local" converts on this computer with no account and no network.
State dir: --state-dir, else IFC_STATE_DIR, else ifc's folder in the per-user state folder
(~/.local/state/ifileconverter/ifc on Linux). The desktop app keeps its own journal beside it
("app"), so both run at once; "ifc resume" finishes only ifc's jobs.
Proxy: --proxy <url>|none, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY, else the desktop app's setting.

Exit codes: 0 done, 1 a conversion failed, 2 usage or bad input, 3 authentication failed,
4 not enough tokens (the rest is pending) or past --max-tokens, 5 service unreachable,
130 interrupted.
`;
