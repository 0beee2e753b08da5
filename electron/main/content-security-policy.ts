// The page's Content Security Policy, in one place: the built index.html carries it as a meta
// tag (a unit test checks they match) and the app protocol sends it as a header.

/** The page needs no network and no inline code: all HTTP happens in main. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
