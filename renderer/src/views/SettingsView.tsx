/**
 * The settings main keeps: where credentials go, when sessions refresh, how long they last, and
 * the desktop niceties. Numbers are checked against the same ranges main enforces, with the
 * duration spelled out in hours and minutes beside the seconds.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ErrorInfo, SettingsPatch } from '../contract';
import { saveSettings } from '../api/actions';
import { SaveRow } from '../components/SaveRow';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/TextField';
import { useStore } from '../lib/store';
import { settingsStore } from '../stores/settings';
import { ElevationSettings } from './settings/ElevationSettings';

type NumberKey = 'leadTimeSeconds' | 'sessionDurationSeconds' | 'roleDurationSeconds';
type FlagKey = 'removeExpired' | 'signOutAtQuit' | 'notifications' | 'startAtLogin';

const RANGES: Record<NumberKey, [number, number]> = {
  leadTimeSeconds: [0, 3600],
  sessionDurationSeconds: [900, 129_600],
  roleDurationSeconds: [900, 43_200],
};

const NUMBER_LABELS: Record<NumberKey, string> = {
  leadTimeSeconds: 'Refresh this many seconds before a session ends',
  sessionDurationSeconds: 'MFA session length, in seconds',
  roleDurationSeconds: 'Role session length, in seconds',
};

const FLAG_LABELS: Record<FlagKey, string> = {
  removeExpired: 'Remove a session’s keys from the credentials file when it expires',
  signOutAtQuit: 'Sign out of every session when Rolecall quits (otherwise they last until they expire)',
  notifications: 'Show desktop notifications (expiring sessions, MFA prompts)',
  startAtLogin: 'Start Rolecall when I log in',
};

export function humanDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

/** The key-age warning threshold, in days (the same range main's schema enforces). */
const KEY_MAX_AGE_DAYS: [number, number] = [1, 3650];

function rangeProblem([min, max]: [number, number], text: string, unit = ''): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) return `Enter a whole number${unit} from ${min} to ${max}.`;
  return undefined;
}

function numberProblem(key: NumberKey, text: string): string | undefined {
  return rangeProblem(RANGES[key], text);
}

export function SettingsView() {
  const id = useId();
  const settings = useStore(settingsStore, (s) => s.settings);
  const [draft, setDraft] = useState<Record<NumberKey | 'defaultTarget' | 'keyMaxAgeDays', string> | undefined>();
  const [flags, setFlags] = useState<Record<FlagKey, boolean> | undefined>();
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<ErrorInfo | undefined>();

  useEffect(() => {
    if (!settings) return;
    setDraft({
      defaultTarget: settings.defaultTarget,
      leadTimeSeconds: String(settings.leadTimeSeconds),
      sessionDurationSeconds: String(settings.sessionDurationSeconds),
      roleDurationSeconds: String(settings.roleDurationSeconds),
      keyMaxAgeDays: String(settings.keyMaxAgeDays),
    });
    setFlags({ removeExpired: settings.removeExpired, signOutAtQuit: settings.signOutAtQuit, notifications: settings.notifications, startAtLogin: settings.startAtLogin });
  }, [settings]);

  if (!settings || !draft || !flags) return <div className="view"><h1>Settings</h1><p className="empty">Loading settings…</p></div>;

  const problems = {
    defaultTarget: /^[^\][\r\n]+$/.test(draft.defaultTarget) && draft.defaultTarget.trim() === draft.defaultTarget ? undefined : 'Use a plain profile name such as “default”.',
    leadTimeSeconds: numberProblem('leadTimeSeconds', draft.leadTimeSeconds),
    sessionDurationSeconds: numberProblem('sessionDurationSeconds', draft.sessionDurationSeconds),
    roleDurationSeconds: numberProblem('roleDurationSeconds', draft.roleDurationSeconds),
    keyMaxAgeDays: rangeProblem(KEY_MAX_AGE_DAYS, draft.keyMaxAgeDays, ' of days'),
  };

  async function onSubmit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!settings || !draft || !flags || Object.values(problems).some(Boolean)) return;
    const patch: SettingsPatch = {};
    if (draft.defaultTarget !== settings.defaultTarget) patch.defaultTarget = draft.defaultTarget;
    for (const key of Object.keys(RANGES) as NumberKey[]) if (Number(draft[key]) !== settings[key]) patch[key] = Number(draft[key]);
    if (Number(draft.keyMaxAgeDays) !== settings.keyMaxAgeDays) patch.keyMaxAgeDays = Number(draft.keyMaxAgeDays);
    for (const key of Object.keys(FLAG_LABELS) as FlagKey[]) if (flags[key] !== settings[key]) patch[key] = flags[key];
    setStatus('saving');
    const problem = await saveSettings(patch);
    setError(problem);
    setStatus(problem ? 'idle' : 'saved');
  }

  const edit = (key: keyof typeof draft, value: string) => {
    setStatus('idle');
    setDraft((d) => (d ? { ...d, [key]: value } : d));
  };

  return (
    <div className="view">
      <h1>Settings</h1>
      <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset className="fieldset">
          <legend>Where credentials go</legend>
          <TextField id={`${id}-target`} label="Default target profile" value={draft.defaultTarget} error={problems.defaultTarget} hint="The profile in the credentials file that receives a role’s session keys." onChange={(v) => edit('defaultTarget', v)} />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Session lengths and refresh</legend>
          {(Object.keys(RANGES) as NumberKey[]).map((key) => (
            <TextField
              key={key}
              id={`${id}-${key}`}
              label={NUMBER_LABELS[key]}
              type="number"
              inputMode="numeric"
              min={RANGES[key][0]}
              max={RANGES[key][1]}
              value={draft[key]}
              error={problems[key]}
              hint={problems[key] ? undefined : humanDuration(Number(draft[key]))}
              onChange={(v) => edit(key, v)}
            />
          ))}
          {checkbox('removeExpired')}
          {checkbox('signOutAtQuit')}
        </fieldset>
        <fieldset className="fieldset">
          <legend>Access keys</legend>
          <TextField
            id={`${id}-keyMaxAgeDays`}
            label="Warn about access keys older than this many days"
            type="number"
            inputMode="numeric"
            min={KEY_MAX_AGE_DAYS[0]}
            max={KEY_MAX_AGE_DAYS[1]}
            value={draft.keyMaxAgeDays}
            error={problems.keyMaxAgeDays}
            hint={problems.keyMaxAgeDays ? undefined : 'Older keys get a warning badge and a notification once a week. AWS recommends rotating every 90 days.'}
            onChange={(v) => edit('keyMaxAgeDays', v)}
          />
        </fieldset>
        <fieldset className="fieldset">
          <legend>Desktop</legend>
          {checkbox('notifications')}
          {checkbox('startAtLogin')}
        </fieldset>
        {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
        <SaveRow status={status} label="Save settings" />
      </form>
      <ElevationSettings />
    </div>
  );

  function checkbox(key: FlagKey) {
    return (
      <div className="field field--check">
        <input
          id={`${id}-${key}`}
          type="checkbox"
          checked={flags![key]}
          onChange={(e) => {
            setStatus('idle');
            const checked = e.target.checked;
            setFlags((f) => (f ? { ...f, [key]: checked } : f));
          }}
        />
        <label htmlFor={`${id}-${key}`}>{FLAG_LABELS[key]}</label>
      </div>
    );
  }
}

