// Pure helpers over the API's format table and pricing formula (api-contract.md).

export interface Pricing {
  baseTokens: number;
  tokensPerMegabyte: number;
  formatMultiplier: Record<string, number>;
}

export interface FormatLimits {
  maxFileBytes: number;
  syncMaxBytes: number;
  retentionHours: number;
}

export interface FormatsInfo {
  conversions: Record<string, string[]>;
  pricing: Pricing;
  limits: FormatLimits;
}

const MiB = 1048576;

/** A format name as the service spells it: lower-case, no dot, and `jpeg` is `jpg`. The one
 *  place that rule lives (file extensions, `--to`, a watch rule's target). */
export function normalizeFormat(name: string): string | undefined {
  const cleaned = name.trim().replace(/^\./, '').toLowerCase();
  if (!cleaned) return undefined;
  return cleaned === 'jpeg' ? 'jpg' : cleaned;
}

/** Source format = the file name's extension, normalised (see normalizeFormat). */
export function sourceFormatOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return undefined;
  return normalizeFormat(base.slice(dot + 1));
}

/** The contract's formula, charged in full at acceptance. Must equal the server's charge. */
export function conversionCost(pricing: Pricing, bytes: number, to: string): number {
  const megabytes = Math.ceil(bytes / MiB);
  const multiplier = pricing.formatMultiplier[to] ?? 1;
  return Math.ceil((pricing.baseTokens + pricing.tokensPerMegabyte * megabytes) * multiplier);
}

export function targetsFor(info: Pick<FormatsInfo, 'conversions'>, from: string): string[] {
  return info.conversions[from] ?? [];
}

export function canConvert(info: Pick<FormatsInfo, 'conversions'>, from: string, to: string): boolean {
  return targetsFor(info, from).includes(to);
}

/** Every source format that can become `to`, sorted. */
export function sourcesFor(info: Pick<FormatsInfo, 'conversions'>, to: string): string[] {
  return Object.entries(info.conversions)
    .filter(([, targets]) => targets.includes(to))
    .map(([from]) => from)
    .sort();
}

export interface BatchEstimate {
  total: number;
  perItem: number[];
  /** How many items, in the order given, fit in the balance. */
  fitCount: number;
  fitTokens: number;
  shortfall: number;
}

export function estimateBatch(
  pricing: Pricing,
  items: { bytes: number; to: string }[],
  balance: number,
): BatchEstimate {
  const perItem = items.map((item) => conversionCost(pricing, item.bytes, item.to));
  const total = perItem.reduce((sum, cost) => sum + cost, 0);
  let fitCount = 0;
  let fitTokens = 0;
  for (const cost of perItem) {
    if (fitTokens + cost > balance) break;
    fitTokens += cost;
    fitCount += 1;
  }
  return { total, perItem, fitCount, fitTokens, shortfall: Math.max(0, total - balance) };
}
