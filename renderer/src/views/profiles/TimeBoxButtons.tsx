/**
 * "For 15 min / 30 min / 1 h" beside Switch, for a role that is marked elevated or looks it
 * (workflow W4): a time-boxed elevation, after which main falls back to the target's baseline on
 * its own. Only offered, never required: the plain Switch stays the first action.
 */
import type { RoleProfile } from '../../contract';
import { looksElevated, TIME_BOXES } from '../../contract';
import { switchTo } from '../../api/actions';
import { useStore } from '../../lib/store';
import { settingsStore } from '../../stores/settings';

export function TimeBoxButtons({ profile, disabled }: { profile: RoleProfile; disabled: boolean }) {
  const marked = useStore(settingsStore, (s) => s.settings?.elevatedProfiles.includes(profile.name) === true);
  if (!marked && !looksElevated(profile.name, profile.roleArn)) return null;
  return (
    <div className="time-boxes" role="group" aria-label={`Switch to ${profile.name} for a while`}>
      {TIME_BOXES.map((box) => (
        <button key={box.seconds} type="button" className="button button--quiet" aria-label={`Time-boxed: ${profile.name} for ${box.label}`} disabled={disabled} onClick={() => void switchTo(profile.name, { forSeconds: box.seconds })}>
          for {box.label}
        </button>
      ))}
    </div>
  );
}
