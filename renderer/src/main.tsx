/** Entry: load what the window shows, follow main's events, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadAll } from './api/actions';
import { connectEvents } from './api/subscriptions';
import { App } from './App';
import './styles/theme.css';
import './styles/app.css';
import './styles/rows.css';
import './styles/forms.css';
import './styles/feedback.css';

performance.mark('rolecall:start');
const root = document.getElementById('root');
if (root && typeof window.api === 'object') {
  connectEvents();
  void loadAll();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} else if (root) {
  // opened outside Rolecall (no preload bridge): say so instead of a blank page
  root.textContent = 'Rolecall’s window opened without its bridge to the app. Quit and restart Rolecall.';
}
