/**
 * Password strength for the meter: zxcvbn-ts, as the server uses, loaded on first use so the
 * sign-in path does not pay for the dictionaries. The server's verdict (score ≥ 3) is final.
 */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

type Checker = (password: string, userInputs: string[]) => Strength;
let loading: Promise<Checker> | null = null;

export function loadStrengthChecker(): Promise<Checker> {
  loading ??= (async () => {
    const [{ ZxcvbnFactory }, { dictionary, adjacencyGraphs, translations }] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('virtual:strength-dictionaries'),
    ]);
    const factory = new ZxcvbnFactory({ translations, graphs: adjacencyGraphs, dictionary });
    return (password, userInputs) => {
      const result = factory.check(password, userInputs);
      return {
        score: result.score,
        warning: result.feedback.warning || null,
        suggestions: result.feedback.suggestions,
      };
    };
  })();
  return loading;
}

/** Splits "Jane.Doe@example.com" into words the password should not lean on (as the server does). */
export function userInputWords(inputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of inputs) {
    const lower = input.trim().toLowerCase();
    if (!lower) continue;
    words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}
