/** Versions, the files Rolecall reads and writes, and diagnostics, for support questions and peace of mind. */
import { useStore } from '../lib/store';
import { settingsStore } from '../stores/settings';
import { DiagnosticsPanel } from './DiagnosticsPanel';

export function AboutView() {
  const info = useStore(settingsStore, (s) => s.appInfo);
  if (!info) {
    return (
      <div className="view">
        <h1>About Rolecall</h1>
        <p className="empty">Loading…</p>
      </div>
    );
  }
  return (
    <div className="view">
      <h1>About {info.name}</h1>
      <p className="lead">
        Version <span className="mono">{info.version}</span> on {info.platform}. Your long-term keys live in the OS keychain; Rolecall writes only short-lived session keys, and only to its own sections of the
        credentials file.
      </p>
      <section className="panel" aria-labelledby="about-files">
        <h2 id="about-files">Files</h2>
        <dl className="facts">
          <dt>AWS config file</dt>
          <dd className="mono">{info.paths.configFile}</dd>
          <dt>AWS credentials file</dt>
          <dd className="mono">{info.paths.credentialsFile}</dd>
          <dt>Rolecall’s data folder</dt>
          <dd className="mono">{info.paths.appDataDir}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="about-versions">
        <h2 id="about-versions">Versions</h2>
        <dl className="facts">
          <dt>Electron</dt>
          <dd className="mono">{info.versions.electron}</dd>
          <dt>Chromium</dt>
          <dd className="mono">{info.versions.chrome}</dd>
          <dt>Node.js</dt>
          <dd className="mono">{info.versions.node}</dd>
          <dt>Console sign-in</dt>
          <dd>{info.capabilities.console ? 'available' : 'not available in this build'}</dd>
        </dl>
      </section>
      <DiagnosticsPanel />
      <section className="panel" aria-labelledby="about-notices">
        <h2 id="about-notices">Notices</h2>
        {info.notices.length === 0 ? (
          <p>Nothing to report from start-up.</p>
        ) : (
          <ul className="notes">
            {info.notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
        <p>Rolecall is open source under the MIT licence. It bundles React (MIT).</p>
      </section>
    </div>
  );
}
