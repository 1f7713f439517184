/**
 * The tray as a small service: state in, menu/title/tooltip/icon out. It recomputes on every state
 * change and on one timer aimed at the next moment a countdown's text changes (once a minute, every
 * second in the last minute), and touches the real Tray only for what actually changed — rebuilding
 * a native menu every second for nothing would be wasted work in the menu bar.
 *
 * Electron is injected (`createTray`, `buildMenu`), so tests drive it with fakes and a fake clock.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { anyElevated, buildTrayMenu, nextTrayTick, trayTitle, trayToolTip, type TrayCommand, type TrayState } from './tray-menu';

/** The part of Electron's Tray the service uses; `M`/`I` are Menu and NativeImage in the app. */
export interface TrayFacade<M, I> {
  setContextMenu(menu: M): void;
  setTitle(title: string): void;
  setToolTip(toolTip: string): void;
  setImage(image: I): void;
  destroy(): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TrayServiceDeps<M, I> {
  createTray(image: I): TrayFacade<M, I>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  /** Idle icon, the one shown while a session is active, and while any target is elevated (W4). */
  icons: { idle: I; active: I; elevated?: I };
  now(): number;
  timers: Timers;
  onCommand(command: TrayCommand): void;
}

/** The fields the template is compared by; click handlers are left out (they never change meaning). */
function menuKey(template: MenuItemConstructorOptions[]): string {
  return JSON.stringify(template, (key, value: unknown) => (key === 'click' ? undefined : value));
}

export class TrayService<M, I> {
  private readonly tray: TrayFacade<M, I>;
  private state: Omit<TrayState, 'now'> = { profiles: [], sessions: [], pendingMfa: 0, console: false };
  private shown: { menu?: string; title?: string; toolTip?: string; image?: I } = {};
  private timer: unknown;
  private disposed = false;

  constructor(private readonly deps: TrayServiceDeps<M, I>) {
    this.tray = deps.createTray(deps.icons.idle);
    this.shown.image = deps.icons.idle;
    this.render();
  }

  /** Merges a partial state and re-renders (a no-op on the Tray when nothing visible changed). */
  update(patch: Partial<Omit<TrayState, 'now'>>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    if ('error' in patch && patch.error === undefined) delete this.state.error;
    this.render();
  }

  current(): Readonly<Omit<TrayState, 'now'>> {
    return this.state;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.tray.destroy();
  }

  private render(): void {
    const state: TrayState = { ...this.state, now: this.deps.now() };
    const template = buildTrayMenu(state, (c) => this.deps.onCommand(c));
    const key = menuKey(template);
    if (key !== this.shown.menu) {
      this.shown.menu = key;
      this.tray.setContextMenu(this.deps.buildMenu(template));
    }
    const title = trayTitle(state);
    if (title !== this.shown.title) {
      this.shown.title = title;
      this.tray.setTitle(title);
    }
    const toolTip = trayToolTip(state);
    if (toolTip !== this.shown.toolTip) {
      this.shown.toolTip = toolTip;
      this.tray.setToolTip(toolTip);
    }
    const { idle, active, elevated = active } = this.deps.icons;
    const image = anyElevated(state) ? elevated : state.sessions.length > 0 ? active : idle;
    if (image !== this.shown.image) {
      this.shown.image = image;
      this.tray.setImage(image);
    }
    this.schedule(nextTrayTick(state));
  }

  private schedule(delay: number | undefined): void {
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (delay === undefined || this.disposed) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, delay);
  }
}
