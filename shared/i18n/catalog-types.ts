// The shape of one translation file: "key" -> ICU message. Kept apart from catalog.ts so the
// locale files can name it without importing the catalogue that imports them.
export type AreaMessages = Record<string, string>;
