/**
 * Short messages at the bottom of the window: main's `notice` events, expiries, confirmations.
 * Info notices fade on their own; warnings and errors stay until dismissed.
 */
import { createStore } from '../lib/store';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export const noticesStore = createStore<Notice[]>([]);
let nextId = 1;
const INFO_MS = 6000;

export function pushNotice(level: Notice['level'], message: string): void {
  const id = nextId++;
  // the same text twice in a row (a burst of identical events) shows once
  noticesStore.set((prev) => (prev.some((n) => n.message === message) ? prev : [...prev.slice(-4), { id, level, message }]));
  if (level === 'info') setTimeout(() => dismissNotice(id), INFO_MS);
}

export function dismissNotice(id: number): void {
  noticesStore.set((prev) => (prev.some((n) => n.id === id) ? prev.filter((n) => n.id !== id) : prev));
}
