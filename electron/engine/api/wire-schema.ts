// The contract's JSON bodies, parsed leniently: optional fields may be missing or null, and
// unknown fields are ignored, so a server that says a little more or less still works.
import { z } from 'zod';

const optionalNumber = z.number().nullish();
const optionalString = z.string().nullish();

export const AccountWire = z.object({
  tokens: z.number(),
  rateLimit: z.object({ requestsPerMinute: optionalNumber }).nullish(),
});

export const FormatsWire = z.object({
  conversions: z.record(z.string(), z.array(z.string())),
  pricing: z.object({
    baseTokens: z.number(),
    tokensPerMegabyte: z.number(),
    formatMultiplier: z.record(z.string(), z.number()).nullish(),
  }),
  limits: z
    .object({ maxFileBytes: optionalNumber, syncMaxBytes: optionalNumber, retentionHours: optionalNumber })
    .nullish(),
});

export const AcceptedWire = z.object({
  jobId: optionalString,
  status: optionalString,
  tokensCharged: optionalNumber,
});

export const JobWire = z.object({
  jobId: z.string().min(1),
  // Anything but the two final words means "not finished yet".
  status: z.string(),
  progress: optionalNumber,
  sourceName: optionalString,
  targetFormat: optionalString,
  tokensCharged: optionalNumber,
  createdAt: optionalString,
  downloadUrl: optionalString,
  fileName: optionalString,
  bytes: optionalNumber,
  sha256: optionalString,
  expiresAt: optionalString,
  note: optionalString,
  error: z.object({ code: z.string(), message: optionalString }).nullish(),
});

export const ErrorWire = z.object({
  error: z.looseObject({ code: z.string(), message: optionalString }),
});
