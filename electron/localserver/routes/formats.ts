// GET /api/formats: exactly the converter table, the pricing formula's numbers and the limits.
import type { ServerResponse } from 'node:http';
import type { ServerContext } from '../context.ts';
import { sendJson } from '../http-util.ts';

export function getFormats(ctx: ServerContext, res: ServerResponse): void {
  sendJson(res, 200, { conversions: ctx.table.conversions(), pricing: ctx.pricing, limits: ctx.limits });
}
