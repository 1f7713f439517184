/**
 * The tray menu as a pure function of state: what users see in the menu bar, testable without
 * Electron. Clicks come back as `TrayCommand`s, so the template holds no behaviour of its own.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ErrorInfo } from '../core/errors';
import type { Profile } from '../core/profiles/model';
import type { SessionStatus } from '../core/sessions/types';
import { looksElevated } from '../shared/elevation-rules';
import { formatCompactTimeLeft, formatTimeLeft, msUntilTextChanges } from '../shared/time-left';
import { elevatedHeadline, elevatedSummary, shownDeadline, signOutItems, text, timeBoxItem } from './tray-elevation';

export interface TrayProfile {
  name: string;
  accountId?: string;
  /** Marked elevated, or looks it (W4): the tray offers it time-boxed ("for 15 min / 30 min / 1 h"). */
  elevated?: boolean;
}

export interface TraySession {
  profile: string;
  target: string;
  identityArn: string;
  expiresAt: string;
  status: SessionStatus;
  lastError?: ErrorInfo;
  /** False for MFA (GetSessionToken) sessions: STS refuses them a console sign-in token. */
  canSignIn: boolean;
  /** W4: marked elevated or time-boxed; shown first and marked so it cannot be missed. */
  elevated: boolean;
  /** Where signing out falls back to (the target's baseline), if anywhere. */
  baseline?: string;
  /** ISO-8601: when a time-boxed elevation falls back on its own. */
  fallsBackAt?: string;
}

export interface TrayState {
  profiles: TrayProfile[];
  sessions: TraySession[];
  /** Epoch ms the countdowns are computed against. */
  now: number;
  /** A problem to show as a disabled line (a failed switch, an unreadable config). */
  error?: string;
  /** Devices waiting for a code: offers to reopen the MFA prompt. */
  pendingMfa: number;
  /** The console sign-in capability exists (console-URL core landed); otherwise those items are absent. */
  console: boolean;
}

export type TrayCommand =
  | { type: 'switch'; profile: string; forSeconds?: number }
  | { type: 'refresh'; target: string }
  | { type: 'extend'; target: string }
  | { type: 'sign-out'; target: string; noFallback?: boolean }
  | { type: 'sign-out-all' }
  | { type: 'copy-console-url'; profile: string }
  | { type: 'open-console'; profile: string }
  | { type: 'enter-mfa' }
  | { type: 'open-app' }
  | { type: 'quit' };

/** Past this many profiles the switch list moves into submenus (one per account). */
export const SUBMENU_THRESHOLD = 12;

/**
 * Role profiles and MFA sources without a validation error: what "Switch to" can start. Those
 * marked elevated (`elevatedProfiles`) or looking it are offered time-boxed as well.
 */
export function switchableProfiles(profiles: Profile[], elevatedProfiles: readonly string[] = []): TrayProfile[] {
  return profiles
    .filter((p) => !p.error && (p.kind === 'role' || (p.kind === 'source' && p.mfaSerial !== undefined)))
    .map((p) => {
      const elevated = elevatedProfiles.includes(p.name) || looksElevated(p.name, p.kind === 'role' ? p.roleArn : undefined);
      return { name: p.name, ...(p.kind === 'role' && p.accountId ? { accountId: p.accountId } : {}), ...(elevated ? { elevated } : {}) };
    });
}

/** Elevated targets first (they must not be missed), then by the deadline each counts down to. */
function ordered(sessions: TraySession[]): TraySession[] {
  return [...sessions].sort((a, b) => Number(b.elevated) - Number(a.elevated) || Date.parse(shownDeadline(a)) - Date.parse(shownDeadline(b)));
}

/** `arn:aws:sts::123:assumed-role/Admin/alice` → `assumed-role/Admin/alice`. */
function shortIdentity(arn: string): string {
  return arn.split(':').slice(5).join(':') || arn;
}

function sessionHeadline(s: TraySession, now: number): string {
  if (s.elevated) return elevatedHeadline(s, now);
  if (s.status === 'refreshing') return `${s.profile} — refreshing…`;
  if (s.status === 'waiting-for-mfa') return `${s.profile} — waiting for MFA code`;
  return `${s.profile} — ${formatTimeLeft(Date.parse(s.expiresAt) - now)}`;
}

function sessionItems(s: TraySession, state: TrayState, on: (c: TrayCommand) => void): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [{ label: text(`${shortIdentity(s.identityArn)} → ${s.target}`), enabled: false }];
  if (s.lastError) items.push({ label: text(`⚠ ${s.lastError.message}`), enabled: false });
  if (state.console && s.canSignIn) {
    items.push(
      { label: 'Copy console sign-in URL', click: () => on({ type: 'copy-console-url', profile: s.profile }) },
      { label: 'Open console', click: () => on({ type: 'open-console', profile: s.profile }) },
    );
  }
  items.push(
    { label: 'Refresh now', click: () => on({ type: 'refresh', target: s.target }) },
    ...signOutItems(s, on),
  );
  return items;
}

/** "Switch to X" (checked while active), and for an elevated-looking X its "… for…" submenu. */
function switchItems(p: TrayProfile, label: string, active: Set<string>, on: (c: TrayCommand) => void): MenuItemConstructorOptions[] {
  const item: MenuItemConstructorOptions = { label: text(label), type: 'checkbox', checked: active.has(p.name), click: () => on({ type: 'switch', profile: p.name }) };
  return p.elevated ? [item, timeBoxItem(p, `${label} for…`, on)] : [item];
}

function switchSection(state: TrayState, on: (c: TrayCommand) => void): MenuItemConstructorOptions[] {
  const active = new Set(state.sessions.map((s) => s.profile));
  const sorted = [...state.profiles].sort((a, b) => a.name.localeCompare(b.name));
  const byAccount = new Map<string, TrayProfile[]>();
  for (const p of sorted) {
    const key = p.accountId ?? 'Other';
    byAccount.set(key, [...(byAccount.get(key) ?? []), p]);
  }
  if (state.profiles.length === 0) return [{ label: 'No profiles to switch to', enabled: false }];
  if (state.profiles.length > SUBMENU_THRESHOLD) {
    if (byAccount.size === 1) {
      return [{ label: 'Switch to', submenu: sorted.flatMap((p) => switchItems(p, p.name, active, on)) }];
    }
    return [...byAccount].map(([account, ps]) => ({
      label: text(`Switch to — ${account} (${ps.length})`),
      submenu: ps.flatMap((p) => switchItems(p, p.name, active, on)),
    }));
  }
  if (byAccount.size === 1) return sorted.flatMap((p) => switchItems(p, `Switch to ${p.name}`, active, on));
  return [...byAccount].flatMap(([account, ps]) => [
    { label: text(account), enabled: false },
    ...ps.flatMap((p) => switchItems(p, `Switch to ${p.name}`, active, on)),
  ]);
}

export function buildTrayMenu(state: TrayState, on: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  const menu: MenuItemConstructorOptions[] = [];
  if (state.error) menu.push({ label: text(`⚠ ${state.error}`), enabled: false });
  if (state.pendingMfa > 0) menu.push({ label: 'Enter MFA code…', click: () => on({ type: 'enter-mfa' }) });
  const sessions = ordered(state.sessions);
  if (sessions.length === 1) {
    const s = sessions[0]!;
    menu.push({ label: text(sessionHeadline(s, state.now)), enabled: false }, ...sessionItems(s, state, on));
  } else {
    for (const s of sessions) menu.push({ label: text(sessionHeadline(s, state.now)), submenu: sessionItems(s, state, on) });
  }
  if (menu.length > 0) menu.push({ type: 'separator' });
  menu.push(...switchSection(state, on), { type: 'separator' });
  if (sessions.length > 0) menu.push({ label: 'Sign out of all', click: () => on({ type: 'sign-out-all' }) });
  menu.push({ label: 'Open Rolecall…', click: () => on({ type: 'open-app' }) }, { type: 'separator' }, { label: 'Quit Rolecall', click: () => on({ type: 'quit' }) });
  return menu;
}

/**
 * The macOS menu-bar title: the session expiring first, e.g. `admin 42m`, `admin 42m +1`; an
 * elevated one comes first and is marked, with its time to fallback when time-boxed: `⚠ admin 28m`.
 */
export function trayTitle(state: Pick<TrayState, 'sessions' | 'now'>): string {
  const sessions = ordered(state.sessions);
  const first = sessions[0];
  if (!first) return '';
  const more = sessions.length > 1 ? ` +${sessions.length - 1}` : '';
  return `${first.elevated ? '⚠ ' : ''}${first.profile} ${formatCompactTimeLeft(Date.parse(shownDeadline(first)) - state.now)}${more}`;
}

export function trayToolTip(state: Pick<TrayState, 'sessions' | 'now'>): string {
  if (state.sessions.length === 0) return 'Rolecall — no active session';
  const elevated = elevatedSummary(state.sessions);
  return ['Rolecall', ...(elevated ? [elevated] : []), ...ordered(state.sessions).map((s) => (s.elevated ? sessionHeadline(s, state.now) : `${sessionHeadline(s, state.now)} (→ ${s.target})`))].join('\n');
}

/** Whether any target is elevated: the tray shows its elevated icon then. */
export function anyElevated(state: Pick<TrayState, 'sessions'>): boolean {
  return state.sessions.some((s) => s.elevated);
}

/** When any visible countdown next changes (one timer for all of them), or undefined when none runs. */
export function nextTrayTick(state: Pick<TrayState, 'sessions' | 'now'>): number | undefined {
  const delays = state.sessions.map((s) => msUntilTextChanges(Date.parse(shownDeadline(s)) - state.now)).filter((d): d is number => d !== undefined);
  return delays.length > 0 ? Math.min(...delays) : undefined;
}
