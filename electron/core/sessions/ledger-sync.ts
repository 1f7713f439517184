/**
 * The manager's list made to match the ledger (the credentials file's markers): sessions another
 * process switched (or an earlier run left) are adopted — and kept fresh, by a holder — and
 * sessions whose marker is gone or names another profile are forgotten. Expired records are left
 * out (a holder's `adopt` removes them).
 */
import { isElevated } from './elevation';
import type { ManagerSettings } from './manager-deps';
import { withoutStaleElevation } from './session-records';
import type { ActiveSession, HeldBy, SessionRecord } from './types';

export interface ReconcileContext {
  now: number;
  holder: HeldBy;
  settings: Pick<ManagerSettings, 'elevatedProfiles' | 'baselines'>;
  /** Starts (or restarts) a holder's timers for the session on a target. */
  track(target: string): void;
  forget(target: string): void;
}

/** Updates `held` (by target) from `records`; true when anything changed. */
export function reconcile(held: Map<string, ActiveSession>, records: readonly SessionRecord[], ctx: ReconcileContext): boolean {
  const live = new Map(records.filter((r) => Date.parse(r.expiresAt) > ctx.now).map((r) => [r.target, r]));
  let changed = false;
  for (const [target, s] of held) {
    const r = live.get(target);
    if (!r || r.profile !== s.profile) {
      ctx.forget(target);
      changed = true;
    } else if (Math.abs(Date.parse(r.expiresAt) - Date.parse(s.expiresAt)) >= 1000 || r.baseline !== s.baseline || r.fallsBackAt !== s.fallsBackAt) {
      // the same profile switched again (or its elevation extended) elsewhere: the ledger's is the one to keep
      held.set(target, withoutStaleElevation({ ...s, ...r, identityArn: r.identityArn || s.identityArn, account: r.account || s.account }, r));
      ctx.track(target);
      changed = true;
    }
  }
  for (const [target, r] of live) {
    if (held.has(target)) continue;
    held.set(target, { ...r, status: 'active', heldBy: ctx.holder, elevated: isElevated(r, ctx.settings), notes: [] });
    ctx.track(target);
    changed = true;
  }
  return changed;
}
