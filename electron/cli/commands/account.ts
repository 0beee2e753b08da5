// `ifc balance` and `ifc formats`: one question to the service each, no journal involved.
// With --endpoint local the answer is the local server's own facts (localserver/facts.ts, the
// data its GET answers are made of), read without starting it: no converters, sockets or engine
// load for a question about facts.
import { t } from '../../../shared/i18n/index.ts';
import type { FormatsInfo } from '../../../shared/formats.ts';
import type { Result } from '../../../shared/result.ts';
import type { ServiceAddress } from '../../engine/index.ts';
import type { Command } from '../args.ts';
import { chooseEndpoint, connect, IN_PROCESS_SERVER } from '../endpoint.ts';
import { EXIT, exitCodeForFailure } from '../exit-codes.ts';
import type { Output } from '../reporter.ts';
import { printError } from '../reporter.ts';

type Answer<T> = { ok: true; value: T } | { ok: false; exit: number };

async function ask<T>(
  common: { endpoint?: string; proxy?: string },
  env: NodeJS.ProcessEnv,
  io: Output,
  question: (address: ServiceAddress) => Promise<Result<T>>,
  local: () => Promise<T>,
): Promise<Answer<T>> {
  const chosen = await chooseEndpoint(common.endpoint, env, common.proxy);
  if (!chosen.ok) {
    printError(io, chosen.code);
    return { ok: false, exit: exitCodeForFailure(chosen.code) };
  }
  if (chosen.value.kind === 'local') return { ok: true, value: await local() };
  const connection = await connect(common.endpoint, env, common.proxy);
  if (!connection.ok) {
    printError(io, connection.code);
    return { ok: false, exit: exitCodeForFailure(connection.code) };
  }
  try {
    const { url, key, proxy } = connection.value;
    const outcome = await question({ url, key, proxy });
    if (!outcome.ok) {
      printError(io, outcome.error.code);
      return { ok: false, exit: exitCodeForFailure(outcome.error.code) };
    }
    return { ok: true, value: outcome.value };
  } finally {
    await connection.value.local?.close();
  }
}

export async function balanceCommand(
  cmd: Extract<Command, { name: 'balance' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const answer = await ask(
    cmd.common,
    env,
    io,
    async (address) => (await import('../../engine/index.ts')).askAccount(address),
    async () => (await import('../../localserver/facts.ts')).localAccount(IN_PROCESS_SERVER),
  );
  if (!answer.ok) return answer.exit;
  if (cmd.common.json)
    io.stdout.write(`${JSON.stringify({ type: 'balance', tokens: answer.value.tokens })}\n`);
  else io.stdout.write(`${t('cli.balance', { count: answer.value.tokens })}\n`);
  return EXIT.ok;
}

export async function formatsCommand(
  cmd: Extract<Command, { name: 'formats' }>,
  io: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const answer = await ask<FormatsInfo>(
    cmd.common,
    env,
    io,
    async (address) => (await import('../../engine/index.ts')).askFormats(address),
    async () => (await import('../../localserver/facts.ts')).localFormats(IN_PROCESS_SERVER),
  );
  if (!answer.ok) return answer.exit;
  const info = answer.value;
  if (cmd.common.json) {
    io.stdout.write(`${JSON.stringify({ type: 'formats', ...info })}\n`);
    return EXIT.ok;
  }
  for (const [from, targets] of Object.entries(info.conversions).sort(([a], [b]) => a.localeCompare(b))) {
    io.stdout.write(`${from.padEnd(6)} -> ${targets.join(', ')}\n`);
  }
  const { baseTokens, tokensPerMegabyte, formatMultiplier } = info.pricing;
  const multipliers = Object.entries(formatMultiplier)
    .map(([to, factor]) => `${to} x${factor}`)
    .join(', ');
  const cost = { base: baseTokens, perMb: tokensPerMegabyte, multipliers };
  io.stdout.write(`${t(multipliers ? 'cli.costMultipliers' : 'cli.cost', cost)}\n`);
  return EXIT.ok;
}
