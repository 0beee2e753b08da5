// A registry in memory that imports .reg text (Registry Editor 5.00) the way reg.exe does:
// `[key]` creates the key and its parents, `"name"="data"` / `@="data"` set string values,
// `[-key]` deletes the key and everything under it. Enough to check what a .reg file leaves.

export class FakeRegistry {
  readonly keys = new Map<string, Map<string, string>>();

  constructor(initial: Record<string, Record<string, string>> = {}) {
    for (const [path, values] of Object.entries(initial)) {
      this.create(path);
      for (const [name, data] of Object.entries(values)) this.keys.get(path.toLowerCase())!.set(name, data);
    }
  }

  private create(path: string): void {
    const parts = path.split('\\');
    for (let end = 1; end <= parts.length; end += 1) {
      const key = parts.slice(0, end).join('\\').toLowerCase();
      if (!this.keys.has(key)) this.keys.set(key, new Map());
    }
  }

  import(text: string): void {
    if (!text.startsWith('Windows Registry Editor Version 5.00')) throw new Error('not a .reg file');
    let current: Map<string, string> | undefined;
    for (const line of text.split(/\r\n/).slice(1)) {
      if (line === '') continue;
      const remove = /^\[-(.+)\]$/.exec(line);
      if (remove) {
        const prefix = remove[1]!.toLowerCase();
        for (const key of [...this.keys.keys()]) {
          if (key === prefix || key.startsWith(`${prefix}\\`)) this.keys.delete(key);
        }
        current = undefined;
        continue;
      }
      const open = /^\[(.+)\]$/.exec(line);
      if (open) {
        this.create(open[1]!);
        current = this.keys.get(open[1]!.toLowerCase());
        continue;
      }
      const value = /^(@|"((?:[^"\\]|\\.)*)")="((?:[^"\\]|\\.)*)"$/.exec(line);
      if (!value || !current) throw new Error(`not a .reg line: ${line}`);
      const unquote = (raw: string) => raw.replace(/\\(.)/g, '$1');
      current.set(value[1] === '@' ? '' : unquote(value[2]!), unquote(value[3]!));
    }
  }

  /** Every key with its values, as plain data (paths lower-cased, as the registry compares). */
  dump(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.keys].map(([path, values]) => [path, Object.fromEntries(values)]));
  }
}
