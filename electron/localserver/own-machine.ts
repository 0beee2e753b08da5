// Its own module so that callers can read it without loading the converters behind index.ts.

/** The rate limit when the server serves only the person at this computer (the desktop's
 *  "This computer (offline)" and `ifc --endpoint local`): the default (600 requests/minute, like
 *  the cloud) would make a 2,000-file batch wait on its own computer's 429s. Tests and
 *  `ifc serve-local` keep the default. */
export const OWN_MACHINE_REQUESTS_PER_MINUTE = 100_000;
