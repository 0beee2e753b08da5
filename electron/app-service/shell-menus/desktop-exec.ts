// Command lines in freedesktop .desktop files (Exec=) and in shell scripts. Written by hand:
// the rules are two short paragraphs of the Desktop Entry spec ("The Exec key") and POSIX sh
// quoting, and no maintained package writes them.

// The spec's reserved characters: an argument holding any of them must be double-quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One Exec argument: double-quoted when needed, with `"`, backquote, `$` and `\` escaped. */
export function execArg(arg: string): string {
  const literal = arg.replace(/%/g, '%%'); // a lone % would start a field code
  if (arg !== '' && !RESERVED.test(arg)) return literal;
  return `"${literal.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** A whole Exec value: quoted arguments, then field codes (%F) as they are. */
export function execLine(
  command: readonly string[],
  args: readonly string[],
  fieldCodes: readonly string[],
): string {
  const line = [...command, ...args].map(execArg).concat(fieldCodes).join(' ');
  // The .desktop file stores the value as a "string": backslashes are escaped once more.
  return line.replace(/\\/g, '\\\\');
}

/** POSIX sh single quotes: nothing inside is special except the quote itself. */
export function shellArg(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
