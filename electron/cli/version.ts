// The program's version, in a module of its own: `ifc --version` loads only this (ifc.ts), not
// the rest of the program (i18n catalogues, the reporter), so it starts about as fast as Node.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;

/** Whether the command line asks for the version alone (the forms args.ts accepts). */
export function asksVersion(argv: readonly string[]): boolean {
  const [name] = argv;
  return name === '--version' || name === '-V' || name === 'version';
}
