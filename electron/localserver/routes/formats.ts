// GET /api/formats: exactly the converter table, the pricing formula's numbers and the limits
// (facts.ts, which `ifc formats --endpoint local` reads without a server).
import type { ServerResponse } from 'node:http';
import type { ServerContext } from '../context.ts';
import { formatsAnswer } from '../facts.ts';
import { sendJson } from '../http-util.ts';

export function getFormats(ctx: ServerContext, res: ServerResponse): void {
  sendJson(res, 200, formatsAnswer(ctx.table, ctx.limits));
}
