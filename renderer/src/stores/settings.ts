/** Settings and the About facts (versions, paths, capabilities), loaded once and after each save. */
import { createStore } from '../lib/store';
import type { AppInfo, ErrorInfo, Settings } from '../contract';

export interface SettingsState {
  settings?: Settings;
  appInfo?: AppInfo;
  error?: ErrorInfo;
}

export const settingsStore = createStore<SettingsState>({});
