/**
 * One source profile: where its keys live (keychain, or plaintext with an import call to action),
 * its access key id (not secret) and MFA device, the identity verified in this window, edit, and
 * "Use with AWS CLI…"; for keychain sources the key's age and last use and "Rotate keys…".
 */
import { memo, useState } from 'react';
import type { ErrorInfo, SourceProfile } from '../../contract';
import { importSources } from '../../api/actions';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { routeHref } from '../../lib/router';
import { pushNotice } from '../../stores/notices';
import { useStore } from '../../lib/store';
import { keyAgesStore } from '../../stores/key-ages';
import { settingsStore } from '../../stores/settings';
import { KeyAgeBadge } from './KeyAgeBadge';
import { hasPlaintextKeys } from './model';
import { RotateKeysDialog } from './RotateKeysDialog';
import { UseWithAwsCliButton } from './UseWithAwsCli';

/** Where a setting came from, said next to its value (the config file wins over the keychain). */
const SETTING_FROM: Record<NonNullable<NonNullable<SourceProfile['settingOrigins']>['region']>, string> = {
  'config-file': 'from config file',
  'credentials-file': 'from credentials file',
  keychain: 'from keychain',
};

function from(origin: keyof typeof SETTING_FROM | undefined): string {
  return origin === undefined ? '' : ` (${SETTING_FROM[origin]})`;
}

const ORIGIN: Record<SourceProfile['origin'], string> = {
  keychain: 'Keychain',
  'credentials-file': 'Plaintext · credentials file',
  'config-file': 'Plaintext · config file',
};

export interface SourceRowProps {
  profile: SourceProfile;
  identity?: string | undefined;
  credentialsFile: string;
}

export const SourceRow = memo(function SourceRow({ profile, identity, credentialsFile }: SourceRowProps) {
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const keyAge = useStore(keyAgesStore, (s) => s.bySource[profile.name]);
  const maxAgeDays = useStore(settingsStore, (s) => s.settings?.keyMaxAgeDays);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const plaintext = hasPlaintextKeys(profile);
  const importLabel = profile.origin === 'keychain' ? 'Remove plaintext copy' : 'Import to keychain';

  async function runImport(): Promise<void> {
    setBusy(true);
    const r = await importSources([profile.name]);
    setBusy(false);
    setConfirming(false);
    if (!r.ok) return setError(r.error);
    const skipped = r.value.skipped.find((s) => s.name === profile.name);
    if (skipped) setError({ code: 'InvalidInput', message: `“${profile.name}” was not imported: ${skipped.reason}.` });
    else pushNotice('info', `“${profile.name}” is now in the keychain${r.value.backupPath ? `; the old file was backed up to ${r.value.backupPath}` : ''}.`);
  }

  return (
    <li className="row" data-profile={profile.name}>
      <div className="row__main">
        <p className="row__title">
          <span className="row__name">{profile.name}</span>
          <span className={`badge ${profile.origin === 'keychain' && !plaintext ? 'badge--safe' : 'badge--warn'}`}>{ORIGIN[profile.origin]}</span>
          {profile.temporary && <span className="badge">temporary keys</span>}
          {profile.origin === 'keychain' && <KeyAgeBadge age={keyAge} maxAgeDays={maxAgeDays} />}
        </p>
        <p className="row__meta">
          {profile.accessKeyId && <span className="mono">{profile.accessKeyId}</span>}
          {profile.mfaSerial && (
            <span className="mono" data-setting="mfaSerial">
              MFA {profile.mfaSerial}
              {from(profile.settingOrigins?.mfaSerial)}
            </span>
          )}
          {profile.region && (
            <span data-setting="region">
              {profile.region}
              {from(profile.settingOrigins?.region)}
            </span>
          )}
          {profile.durationSeconds !== undefined && (
            <span data-setting="durationSeconds">
              MFA session {Math.round((profile.durationSeconds / 3600) * 10) / 10} h{from(profile.settingOrigins?.durationSeconds)}
            </span>
          )}
        </p>
        {profile.notices?.map((n) => (
          <p key={n} className="row__note" role="note">
            {n}
          </p>
        ))}
        {identity && (
          <p className="row__identity">
            Verified as <span className="mono">{identity}</span>
          </p>
        )}
        {profile.origin === 'keychain' && plaintext && <p className="row__invalid">A plaintext copy of these keys is still in {credentialsFile}.</p>}
        {profile.error && (
          <p className="row__invalid" role="note">
            {profile.error}
          </p>
        )}
        {error && <ErrorMessage error={error} onDismiss={() => setError(undefined)} />}
      </div>
      <div className="row__actions">
        <UseWithAwsCliButton profile={profile.name} disabled={profile.error !== undefined} />
        {plaintext && (
          <button type="button" className="button button--primary" aria-label={`${importLabel} (${profile.name})`} onClick={() => setConfirming(true)} disabled={busy}>
            {importLabel}
          </button>
        )}
        {profile.origin === 'keychain' && (
          <button type="button" className="button" aria-label={`Rotate keys of ${profile.name}`} onClick={() => setRotating(true)}>
            Rotate keys…
          </button>
        )}
        {profile.origin === 'keychain' && (
          <a className="button" href={routeHref({ name: 'source-edit', source: profile.name })} aria-label={`Edit ${profile.name}`}>
            Edit
          </a>
        )}
      </div>
      {rotating && <RotateKeysDialog source={profile.name} accessKeyId={profile.accessKeyId} onClose={() => setRotating(false)} />}
      {confirming && (
        <ConfirmDialog title={`Move “${profile.name}” into the keychain?`} confirmLabel="Import and remove plaintext" busy={busy} onConfirm={() => void runImport()} onCancel={() => setConfirming(false)}>
          <p>
            The keys are stored in your OS keychain, read back to check them, and only then removed from <span className="mono">{credentialsFile}</span>. A backup of the file is written
            first; nothing else in it changes.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
});
