// The app's languages: one import for everything else.
export * from './format.ts';
export * from './languages.ts';
export { onLanguageChange } from './active.ts';
export * from './translate.ts';
