/**
 * The shape of Rolecall's state file, validated with zod on every load and save.
 *
 * Missing fields take defaults, so a file written by an older version (or by hand) still loads;
 * unknown fields are dropped, so nothing a future version or a careless edit put there — a secret
 * included — is carried along. Limits on sizes and ranges keep a tampered file from feeding absurd
 * values (a lead time of a year, a megabyte profile name) into the scheduler or the UI.
 */
import { z } from 'zod';

export const STATE_VERSION = 1;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A profile name as it may appear in a section header: no brackets, no control characters. */
const profileName = z
  .string()
  .min(1)
  .max(128)
  .refine((s) => !FORBIDDEN_KEYS.has(s) && !/[[\]\r\n\t\0]/.test(s), 'not a usable profile name');

export const settingsSchema = z
  .object({
    /** Profile that receives credentials when a role has no target of its own. */
    defaultTarget: profileName.default('default'),
    /** Refresh this long before expiry. */
    leadTimeSeconds: z.number().int().min(0).max(3600).default(300),
    /** Remove a session's section from the credentials file when it expires unrefreshed. */
    removeExpired: z.boolean().default(true),
    /** At quit, the holder signs out of every session (default: sessions last until they expire). */
    signOutAtQuit: z.boolean().default(false),
    /** GetSessionToken (MFA session) duration. */
    sessionDurationSeconds: z.number().int().min(900).max(129_600).default(43_200),
    /** Default AssumeRole duration. */
    roleDurationSeconds: z.number().int().min(900).max(43_200).default(3600),
    notifications: z.boolean().default(true),
    startAtLogin: z.boolean().default(false),
    /** An access key older than this many days gets a warning badge and a weekly notification. */
    keyMaxAgeDays: z.number().int().min(1).max(3650).default(90),
    /** Per-role target profile overrides. */
    roleTargets: z.record(profileName, profileName).default({}),
    /** Profiles marked elevated (workflow W4): shown as such, never a target's baseline. */
    elevatedProfiles: z.array(profileName).max(500).default([]),
    /** Per-target baseline: the profile signing out of an elevated session falls back to. */
    baselines: z.record(profileName, profileName).default({}),
  })
  .strip();

/** How a session's credentials were made; decides e.g. whether a console sign-in is possible. */
export const credentialKinds = ['session-token', 'assumed-role-direct', 'assumed-role-chained'] as const;

const arn = z.string().min(20).max(2048).startsWith('arn:');

export const sessionSchema = z
  .object({
    profile: profileName,
    target: profileName,
    identityArn: arn,
    /** Account id; derived from the identity ARN when an older file lacks it. */
    account: z.string().regex(/^\d{12}$/).optional(),
    expiresAt: z.string().datetime({ offset: true }),
    sourceProfile: profileName,
    mfaSerial: z.string().min(9).max(256).optional(),
    /** Unknown provenance is treated as chained: the most restrictive for console sign-in. */
    kind: z.enum(credentialKinds).default('assumed-role-chained'),
    region: z.string().regex(/^[a-z0-9-]{2,40}$/).optional(),
    /** Unknown means "ask for a code": never refresh silently on a guess. */
    refreshableWithoutCode: z.boolean().default(false),
  })
  .strip()
  .transform(({ account, ...rest }) => ({ ...rest, account: account ?? rest.identityArn.split(':')[4] ?? '' }));

export const stateSchema = z
  .object({
    version: z.number().int().min(1).optional(),
    settings: settingsSchema.default({}),
    sessions: z.array(sessionSchema).max(1000).default([]),
    /** When the app last notified about each source's old key (ISO); only the app writes it. */
    keyAgeNotified: z.record(profileName, z.string().datetime({ offset: true })).default({}),
  })
  .strip()
  .transform(({ settings, sessions, keyAgeNotified }) => ({ settings, sessions, keyAgeNotified }));

export type Settings = z.output<typeof settingsSchema>;
export type StoredSession = z.output<typeof sessionSchema>;
/** What the store hands out and takes back: settings and the sessions to restore. */
export type RolecallState = z.output<typeof stateSchema>;

/** A fresh default state (new objects every call: callers may mutate what they get). */
export function defaultState(): RolecallState {
  return stateSchema.parse({});
}
