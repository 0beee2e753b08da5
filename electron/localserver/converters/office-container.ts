// Office files that are not zip packages. A password-protected .docx/.xlsx is an OLE2 compound
// file (magic D0 CF 11 E0 A1 B1 1A E1) holding an `EncryptedPackage` stream (MS-OFFCRYPTO), so
// it is refused with the password sentence rather than called damaged; any other compound file
// under an OOXML name (an old .doc or .xls renamed) is not the type its name says.
import { open, readFile } from 'node:fs/promises';
import CFB from 'cfb';
import { ConversionFailure } from './converter.ts';

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function startsWithOle2(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(OLE2_MAGIC.length);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(OLE2_MAGIC);
  } finally {
    await file.close();
  }
}

/** Throws encrypted_input for a password-protected OOXML file, corrupt_input for another
 *  compound file; returns for anything else (a zip package goes on to its reader). */
export async function refuseCompoundFile(path: string): Promise<void> {
  if (!(await startsWithOle2(path))) return;
  let encrypted = false;
  try {
    const container = CFB.read(await readFile(path), { type: 'buffer' });
    encrypted = CFB.find(container, 'EncryptedPackage') !== null;
  } catch (error) {
    throw new ConversionFailure('corrupt_input', `damaged compound file: ${String(error)}`);
  }
  if (encrypted) throw new ConversionFailure('encrypted_input', 'password-protected Office document');
  throw new ConversionFailure('corrupt_input', 'a compound (OLE2) file, not an Office Open XML package');
}
