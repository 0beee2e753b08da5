// What each benchmark measures in the full run and in the quick one (smaller files, one run,
// under 3 minutes in all), and how its figures become table rows. The quick run fills what it
// measures; a figure it leaves out stays null in latest.json.
import type { BenchName } from './support/args.ts';
import type { Spread } from './support/stats.ts';
import type { Row } from './support/table.ts';
import { benchTransfer } from './transfer.ts';

export interface BenchContext {
  runs: number;
  log(line: string): void;
}

export interface BenchOutcome {
  figures: Record<string, unknown>;
  rows: Row[];
}

export type Plan = Record<BenchName, (context: BenchContext) => Promise<BenchOutcome>>;

function meets(value: Spread | null, test: (median: number) => boolean): boolean | undefined {
  return value ? test(value.median) : undefined;
}

function transfer(fileMiB: number) {
  return async ({ runs, log }: BenchContext): Promise<BenchOutcome> => {
    const figures = await benchTransfer({ fileMiB, runs, log });
    return {
      figures: { ...figures },
      rows: [
        {
          figure: `transfer ${fileMiB} MiB: engine/curl throughput`,
          spread: figures.ratio,
          unit: 'x',
          reference: `curl ${figures.curlMiBps?.median ?? '-'} MiB/s, engine ${figures.engineMiBps?.median ?? '-'} MiB/s`,
          target: '>= 0.8x',
          meets: meets(figures.ratio, (median) => median >= 0.8),
        },
      ],
    };
  };
}

export const PLANS: Record<'full' | 'quick', Plan> = {
  full: {
    transfer: transfer(512),
    memory: notBuilt('memory'),
    overhead: notBuilt('overhead'),
    polling: notBuilt('polling'),
    ui: notBuilt('ui'),
  },
  quick: {
    transfer: transfer(64),
    memory: notBuilt('memory'),
    overhead: notBuilt('overhead'),
    polling: notBuilt('polling'),
    ui: notBuilt('ui'),
  },
};

function notBuilt(name: string) {
  return async (): Promise<BenchOutcome> => {
    throw new Error(`${name}: not built yet`);
  };
}
