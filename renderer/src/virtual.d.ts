declare module 'virtual:strength-dictionaries' {
  export const dictionary: Record<string, string[]>;
  export const adjacencyGraphs: Record<string, Record<string, (string | null)[]>>;
  export const translations: import('@zxcvbn-ts/core').TranslationKeys;
}
