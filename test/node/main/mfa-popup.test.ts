import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import { MfaPopupController, type PopupHandle } from '../../../electron/main/mfa-popup';

const SERIAL = 'arn:aws:iam::123456789012:mfa/alice';
const OTHER = 'arn:aws:iam::123456789012:mfa/bob';

function setup() {
  const popups: Array<{ serial: string; focused: number; closed: boolean; fireClosed(): void }> = [];
  const cancelled: string[] = [];
  const controller = new MfaPopupController({
    createPopup(serial) {
      const listeners: Array<() => void> = [];
      const record = {
        serial,
        focused: 0,
        closed: false,
        fireClosed() {
          record.closed = true;
          for (const l of listeners) l();
        },
      };
      popups.push(record);
      const handle = {
        focus: () => {
          record.focused++;
        },
        close: () => record.fireClosed(),
        isDestroyed: () => record.closed,
        onClosed: (l: () => void) => {
          listeners.push(l);
        },
      } satisfies PopupHandle & Pick<BrowserWindow, 'focus' | 'close' | 'isDestroyed'>;
      return handle;
    },
    cancel: (serial) => cancelled.push(serial),
  });
  return { controller, popups, cancelled };
}

const required = (mfaSerial: string, profiles = ['admin']) => ({ type: 'mfa-required' as const, request: { mfaSerial, profiles, reason: 'switch' as const } });

describe('MfaPopupController', () => {
  it('opens one popup per device however often it is asked', () => {
    const { controller, popups } = setup();
    controller.onEvent(required(SERIAL));
    controller.onEvent(required(SERIAL, ['admin', 'ops']));
    controller.onEvent({ type: 'mfa-updated', request: { mfaSerial: SERIAL, profiles: ['admin', 'ops', 'ro'], reason: 'switch' } });
    controller.show(SERIAL);
    expect(popups.map((p) => p.serial)).toEqual([SERIAL]);
    expect(popups[0]!.focused).toBe(3);
  });

  it('keeps devices apart', () => {
    const { controller, popups } = setup();
    controller.onEvent(required(SERIAL));
    controller.onEvent(required(OTHER));
    expect(popups.map((p) => p.serial)).toEqual([SERIAL, OTHER]);
  });

  it('closes the popup when the wait is resolved, without cancelling anything', () => {
    const { controller, popups, cancelled } = setup();
    controller.onEvent(required(SERIAL));
    controller.onEvent({ type: 'mfa-resolved', mfaSerial: SERIAL });
    expect(popups[0]!.closed).toBe(true);
    expect(cancelled).toEqual([]);
    expect(controller.isOpen(SERIAL)).toBe(false);
    controller.onEvent(required(SERIAL));
    expect(popups).toHaveLength(2);
  });

  it('cancels the wait when the user closes the popup', () => {
    const { controller, popups, cancelled } = setup();
    controller.onEvent(required(SERIAL));
    popups[0]!.fireClosed();
    expect(cancelled).toEqual([SERIAL]);
    expect(controller.isOpen(SERIAL)).toBe(false);
  });

  it('a popup closed by us does not cancel a newer one for the same device', () => {
    const { controller, popups, cancelled } = setup();
    controller.onEvent(required(SERIAL));
    controller.close(SERIAL);
    controller.onEvent(required(SERIAL));
    popups[1]!.fireClosed();
    expect(cancelled).toEqual([SERIAL]);
  });

  it('closeAll closes every popup quietly', () => {
    const { controller, popups, cancelled } = setup();
    controller.onEvent(required(SERIAL));
    controller.onEvent(required(OTHER));
    controller.closeAll();
    expect(popups.every((p) => p.closed)).toBe(true);
    expect(cancelled).toEqual([]);
  });
});
