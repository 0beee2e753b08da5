// Runs before `npm install`, `npm start` and `npm test`, in plain JavaScript that any Node can
// parse: the rest of the tooling is TypeScript run by Node 24's type stripping, which an older
// Node rejects with a stack trace. One sentence instead, naming the Node needed and how to get it.
const NEEDED_MAJOR = 24;
const major = Number(process.versions.node.split('.')[0]);
if (major < NEEDED_MAJOR) {
  process.stderr.write(
    `This project needs Node.js ${NEEDED_MAJOR} or newer (this is ${process.versions.node}): install it from https://nodejs.org, or run "npm i -g --prefix ~/.node${NEEDED_MAJOR} node@${NEEDED_MAJOR}" and put ~/.node${NEEDED_MAJOR}/bin first on your PATH.\n`,
  );
  process.exit(1);
}
