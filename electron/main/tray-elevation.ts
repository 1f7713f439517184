/**
 * The tray's part of workflow W4: an elevated target's headline that cannot be missed
 * ("⚠ ELEVATED admin on default — back to me in 28 min"), its Extend / Sign out (back to me) /
 * Sign out completely items, and the time-boxed "Switch to admin for…" choices. Pure functions of
 * the tray state; tray-menu.ts places them.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { DEFAULT_EXTENSION_SECONDS, TIME_BOXES } from '../shared/elevation-rules';
import { formatTimeLeft } from '../shared/time-left';
import type { TrayCommand, TrayProfile, TraySession } from './tray-menu';

/** The mark every elevated line starts with (a word as well as a sign: not colour alone). */
export const ELEVATED_MARK = '⚠ ELEVATED';

/** "⚠ ELEVATED admin on default — back to me in 28 min" (time-boxed) or "— 42 min" (until expiry). */
export function elevatedHeadline(s: TraySession, now: number): string {
  const head = `${ELEVATED_MARK} ${s.profile} on ${s.target}`;
  if (s.status === 'refreshing') return `${head} — refreshing…`;
  if (s.status === 'waiting-for-mfa') return `${head} — waiting for MFA code`;
  if (s.fallsBackAt === undefined) return `${head} — ${formatTimeLeft(Date.parse(s.expiresAt) - now)}`;
  const left = formatTimeLeft(Date.parse(s.fallsBackAt) - now);
  return s.baseline !== undefined ? `${head} — back to ${s.baseline} in ${left}` : `${head} — ends in ${left}`;
}

/** The moment a session's countdown counts to: its fallback when time-boxed, else its expiry. */
export function shownDeadline(s: Pick<TraySession, 'expiresAt' | 'fallsBackAt'>): string {
  return s.fallsBackAt ?? s.expiresAt;
}

const EXTEND_LABEL = `Extend ${formatTimeLeft(DEFAULT_EXTENSION_SECONDS * 1000)}`;

/** Extend (time-boxed only), then Sign out — falling back when there is a baseline — and Sign out completely. */
export function signOutItems(s: TraySession, on: (c: TrayCommand) => void): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (s.fallsBackAt !== undefined) items.push({ label: EXTEND_LABEL, click: () => on({ type: 'extend', target: s.target }) });
  if (s.baseline === undefined) return [...items, { label: 'Sign out', click: () => on({ type: 'sign-out', target: s.target }) }];
  return [
    ...items,
    { label: text(`Sign out (back to ${s.baseline})`), click: () => on({ type: 'sign-out', target: s.target }) },
    { label: 'Sign out completely', click: () => on({ type: 'sign-out', target: s.target, noFallback: true }) },
  ];
}

/** "Switch to admin for…" › 15 min / 30 min / 1 h, for a profile that is (or looks) elevated. */
export function timeBoxItem(p: TrayProfile, label: string, on: (c: TrayCommand) => void): MenuItemConstructorOptions {
  return {
    label: text(label),
    submenu: TIME_BOXES.map((box) => ({ label: box.label, click: () => on({ type: 'switch', profile: p.name, forSeconds: box.seconds }) })),
  };
}

/** The tooltip's first line while any target is elevated. */
export function elevatedSummary(sessions: TraySession[]): string | undefined {
  const elevated = sessions.filter((s) => s.elevated);
  return elevated.length === 0 ? undefined : `${ELEVATED_MARK}: ${elevated.map((s) => `${s.profile} on ${s.target}`).join(', ')}`;
}

/** Windows and Linux treat `&` as a mnemonic marker: a profile named "a&b" must show as typed. */
export function text(s: string): string {
  return s.replace(/&/g, '&&');
}
