// What every converter module provides, and how it says why a document did not convert.

export type FailureCode = 'encrypted_input' | 'corrupt_input' | 'conversion_error' | 'pdf_no_text';

export interface ConvertContext {
  /** Path of the uploaded source file. */
  input: string;
  /** Path the result must be written to. */
  output: string;
  sourceName: string;
  /** 0..1 within the conversion. */
  progress(fraction: number): void;
  /** A sentence the client should read next to the result (what the conversion could not
   *  keep, e.g. "first frame only"); shown as the completed Job's `note`. */
  note(text: string): void;
  signal: AbortSignal;
}

/** What a converter tells about a result it did write: `note` is one plain sentence about
 *  what the result could not keep (shown with the completed job), absent when nothing was lost. */
export interface ConversionResult {
  note?: string;
}

export interface Converter {
  from: string;
  to: string;
  /** A note may be said as it goes (ctx.note) or returned at the end: both reach the Job. */
  // biome-ignore lint/suspicious/noConfusingVoidType: converters with nothing to report are plain async functions returning Promise<void>.
  run(ctx: ConvertContext): Promise<ConversionResult | undefined | void>;
}

/** Thrown by a converter when the document (not the server) is the problem. */
export class ConversionFailure extends Error {
  readonly code: FailureCode;
  constructor(code: FailureCode, detail: string) {
    super(detail);
    this.code = code;
  }
}

/** Runs the parsing step of a converter: any error there means the input is unreadable. */
export async function parsing<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConversionFailure) throw error;
    throw new ConversionFailure('corrupt_input', error instanceof Error ? error.message : String(error));
  }
}
