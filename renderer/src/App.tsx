/**
 * The window: navigation, waiting MFA prompts, the current view and notices. The `#/mfa` route is
 * the popup and shows the prompt alone.
 */
import { useEffect, useRef } from 'react';
import { Notices } from './components/Notices';
import { routeHref, useRoute, type Route } from './lib/router';
import { useStore } from './lib/store';
import { sessionsStore } from './stores/sessions';
import { AboutView } from './views/AboutView';
import { MfaPrompts } from './views/MfaPrompts';
import { ProfilesView } from './views/profiles/ProfilesView';
import { SessionsView } from './views/SessionsView';
import { SettingsView } from './views/SettingsView';
import { SourceForm } from './views/SourceForm';

const NAV: Array<{ route: Route; label: string; matches: Route['name'][] }> = [
  { route: { name: 'profiles' }, label: 'Profiles', matches: ['profiles', 'source-new', 'source-edit'] },
  { route: { name: 'sessions' }, label: 'Sessions', matches: ['sessions'] },
  { route: { name: 'settings' }, label: 'Settings', matches: ['settings'] },
  { route: { name: 'about' }, label: 'About', matches: ['about'] },
];

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'source-new':
      return <SourceForm key="new" />;
    case 'source-edit':
      return <SourceForm key={route.source} editing={route.source} />;
    case 'sessions':
      return <SessionsView />;
    case 'settings':
      return <SettingsView />;
    case 'about':
      return <AboutView />;
    default:
      return <ProfilesView />;
  }
}

export function App() {
  const route = useRoute();
  const sessionCount = useStore(sessionsStore, (s) => s.sessions.length);
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(() => {
    // a new view (not the first one: an MFA prompt may hold focus): move focus to the content
    // so keyboard and screen reader users land there, not on the link they left
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    if (route.name !== 'mfa') main.current?.focus({ preventScroll: true });
  }, [route.name]);

  if (route.name === 'mfa') {
    return (
      <main className="popup">
        <MfaPrompts serial={route.serial} popup />
        <Notices />
      </main>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Rolecall</span>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.label}>
                <a className="nav__link" href={routeHref(item.route)} aria-current={item.matches.includes(route.name) ? 'page' : undefined}>
                  {item.label}
                  {item.route.name === 'sessions' && sessionCount > 0 && <span className="nav__count">{sessionCount}</span>}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="content" ref={main} tabIndex={-1}>
        <MfaPrompts />
        <View route={route} />
      </main>
      <Notices />
    </div>
  );
}
