/**
 * Workflow W4's settings: which profiles are elevated, and each target's baseline (where signing
 * out of an elevated session falls back to). A profile whose name or role looks privileged gets a
 * "looks elevated — mark?" suggestion and is never marked without the user's click; a baseline that
 * is marked elevated is refused by main, and its error is shown as main words it.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { ErrorInfo, Profile } from '../../contract';
import { looksElevated } from '../../contract';
import { reloadProfiles, saveSettings } from '../../api/actions';
import { SaveRow } from '../../components/SaveRow';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useStore } from '../../lib/store';
import { profilesStore } from '../../stores/profiles';
import { sessionsStore } from '../../stores/sessions';
import { settingsStore } from '../../stores/settings';

/** What can be switched to: valid roles and MFA sources (the same set the tray offers). */
function switchable(profiles: Profile[]): Profile[] {
  return profiles.filter((p) => !p.error && (p.kind === 'role' || (p.kind === 'source' && p.mfaSerial !== undefined)));
}

export function ElevationSettings() {
  const id = useId();
  const settings = useStore(settingsStore, (s) => s.settings);
  const profiles = switchable(useStore(profilesStore, (s) => s.profiles));
  const sessions = useStore(sessionsStore, (s) => s.sessions);
  const [elevated, setElevated] = useState<string[]>([]);
  const [baselines, setBaselines] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<ErrorInfo | undefined>();

  useEffect(() => {
    if (!settings) return;
    setElevated(settings.elevatedProfiles);
    setBaselines(settings.baselines);
  }, [settings]);

  const targets = useMemo(() => {
    if (!settings) return [];
    const all = [settings.defaultTarget, ...Object.values(settings.roleTargets), ...Object.keys(settings.baselines), ...sessions.map((s) => s.target)];
    return [...new Set(all)].sort((a, b) => a.localeCompare(b));
  }, [settings, sessions]);

  if (!settings) return null;

  const mark = (name: string, on: boolean) => {
    setStatus('idle');
    setElevated((list) => (on ? [...list.filter((n) => n !== name), name] : list.filter((n) => n !== name)));
  };
  const choose = (target: string, profile: string) => {
    setStatus('idle');
    setBaselines((b) => {
      const { [target]: _old, ...rest } = b;
      return profile === '' ? rest : { ...rest, [target]: profile };
    });
  };

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setStatus('saving');
    const problem = await saveSettings({ elevatedProfiles: elevated, baselines });
    setError(problem);
    setStatus(problem ? 'idle' : 'saved');
    // the session cards' ELEVATED marks follow the new settings
    if (!problem) await reloadProfiles();
  }

  return (
    <form className="form" aria-labelledby={`${id}-title`} onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2 id={`${id}-title`}>Least privilege</h2>
      <fieldset className="fieldset">
        <legend>Elevated profiles</legend>
        <p className="field__hint">An elevated session is marked in the tray and here, and signing out of it puts its target back on the baseline.</p>
        {profiles.length === 0 && <p className="empty">No profiles to mark yet.</p>}
        <ul className="elevation-list">
          {profiles.map((p) => {
            const checked = elevated.includes(p.name);
            const suggest = !checked && looksElevated(p.name, p.kind === 'role' ? p.roleArn : undefined);
            return (
              <li key={p.name} className="field field--check" data-profile={p.name}>
                <input id={`${id}-el-${p.name}`} type="checkbox" checked={checked} onChange={(e) => mark(p.name, e.target.checked)} />
                <label htmlFor={`${id}-el-${p.name}`}>{p.name}</label>
                {suggest && (
                  <span className="suggestion">
                    looks elevated —{' '}
                    <button type="button" className="button button--quiet" aria-label={`Mark ${p.name} elevated`} onClick={() => mark(p.name, true)}>
                      mark?
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Baselines</legend>
        <p className="field__hint">Where each target falls back to when you sign out of an elevated session. Automatic: the session it held before.</p>
        {targets.map((target) => (
          <div key={target} className="field">
            <label htmlFor={`${id}-base-${target}`}>Baseline of “{target}”</label>
            <select id={`${id}-base-${target}`} value={baselines[target] ?? ''} onChange={(e) => choose(target, e.target.value)}>
              <option value="">Automatic (the session it held before)</option>
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                  {elevated.includes(p.name) ? ' (elevated)' : ''}
                </option>
              ))}
            </select>
          </div>
        ))}
      </fieldset>
      {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
      <SaveRow status={status} label="Save least-privilege settings" />
    </form>
  );
}
