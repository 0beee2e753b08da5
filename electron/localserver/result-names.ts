// Result file names: normally the source's name with the target extension; with the
// hostileNames fault, names a careless client would write outside its folder or choke on.

const HOSTILE = [
  (ext: string) => `../../..\\evil\u0007CON.${ext}`,
  (ext: string) => `..\\..\\Windows\\System32\\evil.${ext}`,
  (ext: string) => `/etc/cron.d/evil.${ext}`,
  (ext: string) => `CON.${ext}`,
  (ext: string) => `a:b*c?"d<e>f|g\u0000\u001f.${ext}`,
  () => '..',
  (ext: string) => ` trailing dot and space. .${ext}. `,
];

/** Names results for one server: with hostileNames, each result gets the next hostile name in
 *  turn, counted per server (so every server starts at the first one), not per process. */
export function createResultNamer(): (sourceName: string, to: string, hostile: boolean) => string {
  let hostileTurn = 0;
  return (sourceName, to, hostile) => {
    if (hostile) {
      const make = HOSTILE[hostileTurn % HOSTILE.length]!;
      hostileTurn += 1;
      return make(to);
    }
    const base = sourceName.split(/[\\/]/).pop() ?? sourceName;
    const dot = base.lastIndexOf('.');
    return `${dot > 0 ? base.slice(0, dot) : base}.${to}`;
  };
}
