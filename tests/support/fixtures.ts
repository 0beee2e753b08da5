// The shared test documents (../shared/fixtures, read in place, never copied into the project).
export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url).pathname;
