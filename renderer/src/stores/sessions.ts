/**
 * Active sessions as main reports them (`sessions-changed` replaces the list), plus each card's
 * pending action. The full length of a session, for its bar, is remembered from when this window
 * first saw that expiry: the contract carries only `expiresAt`.
 */
import { createStore } from '../lib/store';
import type { ActiveSession, ErrorInfo } from '../contract';

export interface SessionsState {
  sessions: ActiveSession[];
  /** `${target}|${expiresAt}` → the session's full length in ms (for the bar). */
  lengths: Record<string, number>;
}

export const sessionsStore = createStore<SessionsState>({ sessions: [], lengths: {} });

export type CardState = { status: 'busy'; action: 'refresh' | 'signOut' | 'signOutCompletely' | 'extend' | 'console' } | { status: 'error'; error: ErrorInfo };
export const cardStatesStore = createStore<Record<string, CardState | undefined>>({});

export function setCardState(target: string, state: CardState | undefined): void {
  cardStatesStore.set((prev) => ({ ...prev, [target]: state }));
}

/**
 * Replaces the session list. `nominalMs` is the length a session of that kind is normally issued
 * for (from settings); a session seen with more time left than that uses what it had.
 */
export function setSessions(sessions: ActiveSession[], nominalMs: (s: ActiveSession) => number, now = Date.now()): void {
  sessionsStore.set((prev) => {
    // keep the object of every unchanged session: cards are memoised on it
    const kept = sessions.map((s) => {
      const old = prev.sessions.find((p) => p.target === s.target);
      return old && JSON.stringify(old) === JSON.stringify(s) ? old : s;
    });
    if (kept.length === prev.sessions.length && kept.every((s, i) => s === prev.sessions[i])) return prev;
    const lengths: Record<string, number> = {};
    for (const s of kept) {
      const key = `${s.target}|${s.expiresAt}`;
      lengths[key] = prev.lengths[key] ?? Math.max(nominalMs(s), Date.parse(s.expiresAt) - now);
    }
    return { sessions: kept, lengths };
  });
}

export function sessionLength(state: SessionsState, s: ActiveSession): number | undefined {
  return state.lengths[`${s.target}|${s.expiresAt}`];
}
