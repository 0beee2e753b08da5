// Reads .desktop-style files (Desktop Entry spec: groups, key=value, string escapes) and turns
// an Exec value into the argv a launcher would run, so tests can run a menu entry for real.
// Follows the spec's "The Exec key" section: unescape the string, split on unquoted spaces,
// undo the double-quote escapes, then expand %F / %U to one argument per file and %% to %.

export type DesktopGroups = Record<string, Record<string, string>>;

function unescapeString(value: string): string {
  return value.replace(/\\([\\nrts])/g, (_all, code: string) =>
    code === 'n' ? '\n' : code === 'r' ? '\r' : code === 't' ? '\t' : code === 's' ? ' ' : '\\',
  );
}

export function readDesktopFile(text: string): DesktopGroups {
  const groups: DesktopGroups = {};
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = {};
      groups[header[1]!] = current;
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a desktop file line: ${line}`);
    current[line.slice(0, eq).trim()] = unescapeString(line.slice(eq + 1));
  }
  return groups;
}

/** The argv for `exec` (already unescaped by readDesktopFile) with `files` selected. */
export function expandExec(exec: string, files: readonly string[]): string[] {
  const argv: string[] = [];
  let i = 0;
  while (i < exec.length) {
    if (exec[i] === ' ') {
      i += 1;
      continue;
    }
    let word = '';
    let quoted = false;
    while (i < exec.length && (quoted || exec[i] !== ' ')) {
      const char = exec[i]!;
      if (char === '"') {
        quoted = !quoted;
        i += 1;
      } else if (quoted && char === '\\' && /["`$\\]/.test(exec[i + 1] ?? '')) {
        word += exec[i + 1];
        i += 2;
      } else {
        word += char;
        i += 1;
      }
    }
    if (quoted) throw new Error(`unclosed quote in Exec: ${exec}`);
    if (word === '%F' || word === '%U') argv.push(...files);
    else if (word === '%f' || word === '%u') argv.push(...files.slice(0, 1));
    else argv.push(word.replace(/%%/g, '%'));
  }
  return argv;
}
