/**
 * Every profile from the AWS files and the keychain, readable at a glance: live sessions on top,
 * plaintext keys called out, sources, then roles by account. Typing in the filter narrows the list
 * (deferred, so typing stays responsive with hundreds of rows); rows are memoised.
 */
import { useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SourceProfile } from '../../contract';
import { reloadProfiles } from '../../api/actions';
import { reloadKeyAges } from '../../api/rotation';
import { ErrorMessage } from '../../components/ErrorMessage';
import { routeHref } from '../../lib/router';
import { useStore } from '../../lib/store';
import { profilesStore, rowStatesStore } from '../../stores/profiles';
import { sessionsStore } from '../../stores/sessions';
import { ActiveStrip } from './ActiveStrip';
import { ImportBanner } from './ImportBanner';
import { SecretLeftoversBanner } from './SecretLeftoversBanner';
import { buildProfilesModel, hasPlaintextKeys } from './model';
import { RoleRow } from './RoleRow';
import { SourceRow } from './SourceRow';

const OTHER_REASON = {
  sso: 'IAM Identity Center (SSO)',
  credential_process: 'credential_process',
  managed: 'written by Rolecall',
  'settings-only': 'settings only',
  web_identity: 'web identity',
} as const;

let firstRenderMarked = false;

export function ProfilesView() {
  const { profiles, loaded, error, keychainProblem, identities, credentialsFile } = useStore(profilesStore);
  const sessions = useStore(sessionsStore, (s) => s.sessions);
  const rowStates = useStore(rowStatesStore);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const filter = useRef<HTMLInputElement>(null);

  const activeTargets = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of sessions) m.set(s.profile, m.has(s.profile) ? `${m.get(s.profile)}, ${s.target}` : s.target);
    return m;
  }, [sessions]);
  const activeNames = useMemo(() => new Set(activeTargets.keys()), [activeTargets]);
  const model = useMemo(() => buildProfilesModel(profiles, deferredQuery, activeNames), [profiles, deferredQuery, activeNames]);
  const plaintext = useMemo(() => profiles.filter((p): p is SourceProfile => p.kind === 'source' && hasPlaintextKeys(p)), [profiles]);

  useLayoutEffect(() => {
    if (firstRenderMarked || profiles.length === 0) return;
    firstRenderMarked = true;
    performance.mark('rolecall:profiles-rendered');
  }, [profiles]);

  // key ages come from IAM: asked once each time the view opens (and after a rotation)
  useEffect(() => {
    void reloadKeyAges();
  }, []);

  useEffect(() => {
    // "/" jumps to the filter, as in most list UIs
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== '/' || target?.closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      filter.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="view">
      <div className="view__head">
        <h1>Profiles</h1>
        <a className="button" href={routeHref({ name: 'source-new' })}>
          Add source profile
        </a>
      </div>
      <ActiveStrip />
      <ImportBanner sources={plaintext} credentialsFile={credentialsFile} />
      <SecretLeftoversBanner refreshKey={plaintext.map((p) => p.name).join('\n')} />
      <div className="filter">
        <label htmlFor="profile-filter" className="field__label">
          Filter profiles
        </label>
        <input
          ref={filter}
          id="profile-filter"
          type="search"
          className="input"
          placeholder="Name, account, role, region…  (press / to focus)"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-controls="profile-lists"
          aria-describedby="profile-count"
        />
        <p id="profile-count" className="field__hint" aria-live="polite">
          {loaded ? (model.shown === model.total ? `${model.total} profiles` : `${model.shown} of ${model.total} profiles match`) : 'Loading profiles…'}
        </p>
      </div>
      {error && <ErrorMessage error={error} onAction={() => void reloadProfiles()} actionLabel="Reload" />}
      {keychainProblem && (
        <ErrorMessage
          error={keychainProblem}
          note="Profiles from your AWS files are listed below; source profiles kept in the keychain are missing until it can be read."
          onAction={() => void reloadProfiles()}
          actionLabel="Reload"
        />
      )}
      <div id="profile-lists">
        {model.sources.length > 0 && (
          <section className="group" aria-labelledby="sources-title">
            <h2 id="sources-title" className="group__title">
              Source profiles <span className="group__count">{model.sources.length}</span>
            </h2>
            <ul className="rows">
              {model.sources.map((p) => (
                <SourceRow key={p.name} profile={p} identity={identities[p.name]} credentialsFile={credentialsFile} />
              ))}
            </ul>
          </section>
        )}
        {model.accounts.map((g) => (
          <section key={g.accountId} className="group" aria-labelledby={`account-${g.accountId || 'unknown'}`}>
            <h2 id={`account-${g.accountId || 'unknown'}`} className="group__title">
              {g.accountId ? (
                <>
                  Account <span className="mono">{g.accountId}</span>
                </>
              ) : (
                'Roles with an unreadable ARN'
              )}{' '}
              <span className="group__count">{g.roles.length}</span>
            </h2>
            <ul className="rows">
              {g.roles.map((p) => (
                <RoleRow key={p.name} profile={p} activeTarget={activeTargets.get(p.name)} state={rowStates[p.name]} />
              ))}
            </ul>
          </section>
        ))}
        {model.others.length > 0 && (
          <details className="group">
            <summary className="group__title">
              Other profiles <span className="group__count">{model.others.length}</span>
            </summary>
            <ul className="rows">
              {model.others.map((p) => (
                <li key={p.name} className="row row--quiet">
                  <span className="row__name">{p.name}</span> <span className="row__sub">{OTHER_REASON[p.reason]}</span>
                  {p.error && <p className="row__invalid">{p.error}</p>}
                </li>
              ))}
            </ul>
          </details>
        )}
        {loaded && model.shown === 0 && <p className="empty">{model.total === 0 ? 'No profiles yet. Add a source profile to start.' : 'No profile matches the filter.'}</p>}
      </div>
    </div>
  );
}
