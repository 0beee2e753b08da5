// The identity of a source's bytes: a rename or a re-save of the same content keeps it, so
// the watch does not spend tokens on the same document twice. Streamed, never read whole.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
