// What an API key must look like before anyone asks the service about it: the window's key
// form, the IPC contract and `ifc login` all apply this one rule (the service is the judge of
// whether it works; this only catches a paste that cannot be a key).
export const API_KEY_MIN_LENGTH = 8;
export const API_KEY_MAX_LENGTH = 512;

/** Visible ASCII only: the key travels in an HTTP header, which cannot carry anything else
 *  (a pasted "€" or a non-breaking space would otherwise fail as "network" after every retry). */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function isPlausibleKey(key: string): boolean {
  const trimmed = key.trim();
  return (
    trimmed.length >= API_KEY_MIN_LENGTH && trimmed.length <= API_KEY_MAX_LENGTH && HEADER_SAFE.test(trimmed)
  );
}
