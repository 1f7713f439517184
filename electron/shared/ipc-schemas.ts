/**
 * zod schemas for every request payload. The renderer is treated as untrusted input: objects are
 * strict (an extra field is an error, not silently dropped), strings and arrays have caps, and keys
 * that could reach an object's prototype (`__proto__`, `constructor`, `prototype`) are refused
 * anywhere in a payload. The core still validates meaning (ARN shapes, key prefixes) with its own
 * friendlier messages; this layer only guarantees shape and size.
 */
import { z } from 'zod';
import type { RequestChannel, RequestOf } from './ipc';
import { MFA_CODE } from './profile-rules';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** C0 controls and DEL: a name or key with one is never legitimate (newlines would break an INI section). */
const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** A profile (or target) name as it may stand in a section header. */
const profileName = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !FORBIDDEN_KEYS.has(s) && !hasControl(s) && !/[[\]]/.test(s) && s.trim() === s, 'is not a usable profile name');

/** Key material: bounded, printable, no whitespace. Its meaning is checked by the core. */
const keyText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/\s/.test(s) && !hasControl(s), 'must not contain spaces or control characters');

const mfaSerial = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => !hasControl(s) && !/\s/.test(s), 'is not an MFA device ARN or serial');

/** An access key id (AKIA…/ASIA…): its meaning is checked by the core, only its shape here. */
const accessKeyId = z.string().regex(/^[A-Z0-9]{16,128}$/, 'is not an access key id');

const mfaCode = z.string().regex(MFA_CODE, 'must be exactly 6 digits');

const none = z.null();

const settingsPatch = z
  .object({
    defaultTarget: profileName,
    roleTargets: z
      .record(profileName, profileName)
      .refine((r) => Object.keys(r).length <= 1000, 'has too many entries'),
    leadTimeSeconds: z.number().int().min(0).max(3600),
    removeExpired: z.boolean(),
    signOutAtQuit: z.boolean(),
    sessionDurationSeconds: z.number().int().min(900).max(129_600),
    roleDurationSeconds: z.number().int().min(900).max(43_200),
    notifications: z.boolean(),
    startAtLogin: z.boolean(),
    keyMaxAgeDays: z.number().int().min(1).max(3650),
    elevatedProfiles: z.array(profileName).max(500),
    baselines: z
      .record(profileName, profileName)
      .refine((r) => Object.keys(r).length <= 1000, 'has too many entries'),
  })
  .partial()
  .strict();

/** The schema of each channel's payload; the mapped type makes a missing channel a compile error. */
export const requestSchemas = {
  'profiles:list': none,
  'sources:add': z
    .object({
      name: profileName,
      accessKeyId,
      secretAccessKey: keyText(256),
      mfaSerial: mfaSerial.optional(),
      verify: z.boolean().optional(),
      overwrite: z.boolean().optional(),
      region: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'is not an AWS region name').optional(),
      writeConfig: z.boolean().optional(),
    })
    .strict(),
  'sources:remove': z.object({ name: profileName }).strict(),
  'sources:import': z.object({ scrub: z.boolean(), names: z.array(profileName).max(1000).optional() }).strict(),
  'sessions:switch': z
    .object({
      profile: profileName,
      target: profileName.optional(),
      takeOver: z.boolean().optional(),
      mfaCode: mfaCode.optional(),
      durationSeconds: z.number().int().min(900).max(129_600).optional(),
      forSeconds: z.number().int().min(60).max(43_200).optional(),
    })
    .strict(),
  'sessions:refresh': z.object({ target: profileName }).strict(),
  'sessions:signOut': z.object({ target: profileName, noFallback: z.boolean().optional() }).strict(),
  'sessions:extend': z.object({ target: profileName, seconds: z.number().int().min(60).max(43_200).optional() }).strict(),
  'sessions:signOutAll': none,
  'sessions:list': none,
  'mfa:submit': z.object({ mfaSerial, code: mfaCode }).strict(),
  'mfa:cancel': z.object({ mfaSerial }).strict(),
  'mfa:pending': none,
  'settings:get': none,
  'settings:update': settingsPatch,
  'app:info': none,
  'console:copyUrl': z.object({ profile: profileName }).strict(),
  'console:open': z.object({ profile: profileName }).strict(),
  'doctor:run': none,
  'doctor:fixBom': none,
  'doctor:secretLeftovers': none,
  'doctor:cleanSecretLeftovers': none,
  'profiles:setupCredentialProcess': z.object({ profile: profileName, as: profileName, takeOver: z.boolean().optional() }).strict(),
  'sources:rotate': z.object({ source: profileName, deleteKeyId: accessKeyId.optional() }).strict(),
  'sources:keyAges': none,
} satisfies { [K in RequestChannel]: z.ZodType<RequestOf<K>, z.ZodTypeDef, unknown> };

/** The first own key anywhere in `value` that could reach a prototype, or undefined. */
export function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 16) return undefined;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return String(key);
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Deeper than any real payload: a deeper one is refused rather than walked. */
function tooDeep(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 8) return true;
  return Object.values(value).some((v) => tooDeep(v, depth + 1));
}

export type ParseOutcome<K extends RequestChannel> = { ok: true; value: RequestOf<K> } | { ok: false; message: string };

/**
 * Parses one payload. The message names the field and what is wrong with it but never echoes the
 * value: a rejected payload may well be a secret typed into the wrong box.
 */
export function parseRequest<K extends RequestChannel>(channel: K, payload: unknown): ParseOutcome<K> {
  // `undefined` is how an argument-less invoke arrives; the contract spells "no payload" as null.
  const input = payload === undefined ? null : payload;
  if (tooDeep(input)) return { ok: false, message: `The request to ${channel} is nested too deeply.` };
  const bad = findForbiddenKey(input);
  if (bad !== undefined) return { ok: false, message: `The request to ${channel} contains a forbidden key.` };
  const schema = requestSchemas[channel] as z.ZodType<RequestOf<K>, z.ZodTypeDef, unknown>;
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `The request to ${channel} was refused: ${issue ? describeIssue(issue) : 'it is malformed'}.` };
}

function describeIssue(issue: z.ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the payload';
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === 'undefined' ? `${field} is required` : `${field} must be ${article(issue.expected)}`;
    case z.ZodIssueCode.unrecognized_keys:
      return `${field} has unexpected fields`;
    case z.ZodIssueCode.too_big:
      return issue.type === 'string' ? `${field} is too long` : issue.type === 'array' ? `${field} has too many items` : `${field} is too large`;
    case z.ZodIssueCode.too_small:
      return issue.type === 'string' ? `${field} is empty or too short` : `${field} is too small`;
    case z.ZodIssueCode.invalid_string:
    case z.ZodIssueCode.custom:
      // our own messages, written not to include the value
      return `${field} ${issue.message}`;
    default:
      return `${field} is invalid`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
