// The order keys are written in, for the records of a JSON array. JSON.parse cannot keep it:
// a JavaScript object lists integer-like keys ("2024", "1") first, so a table whose columns
// are years would come out re-sorted. @streamparser/json's tokenizer sees the text as written.
import { Tokenizer, TokenType } from '@streamparser/json';

/** Keys of the objects directly inside the top-level array, in first-seen order. */
export function recordKeyOrder(json: string): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  let depth = 0;
  let candidate: string | undefined;
  const tokenizer = new Tokenizer();
  tokenizer.onToken = ({ token, value }) => {
    if (token === TokenType.COLON && depth === 2 && candidate !== undefined && !seen.has(candidate)) {
      seen.add(candidate);
      keys.push(candidate);
    }
    candidate = token === TokenType.STRING && depth === 2 ? String(value) : undefined;
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth += 1;
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth -= 1;
  };
  tokenizer.write(json);
  tokenizer.end();
  return keys;
}
