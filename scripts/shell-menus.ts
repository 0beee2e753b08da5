// `npm run shell-menus`: regenerates the right-click menus the installers carry (see
// electron/app-service/shell-menus/packaged-files.ts) from the offline formats table. Run it
// when a converter is added or removed; the unit test says when it is due.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagedConversions } from '../electron/app-service/shell-menus/menu-formats.ts';
import {
  BUILDER_YML,
  INSTALLER_NSH,
  packagedMenus,
  withBlocks,
} from '../electron/app-service/shell-menus/packaged-files.ts';

const root = join(import.meta.dirname, '..');
const menus = packagedMenus(packagedConversions());
writeFileSync(join(root, INSTALLER_NSH), menus.installerNsh);
const ymlPath = join(root, BUILDER_YML);
writeFileSync(ymlPath, withBlocks(readFileSync(ymlPath, 'utf8'), menus.blocks));
process.stdout.write(`Wrote ${INSTALLER_NSH} and the generated blocks of ${BUILDER_YML}.\n`);
