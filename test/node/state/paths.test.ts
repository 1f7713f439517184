import { describe, expect, it } from 'vitest';
import { resolveAppDataDir } from '../../../electron/core/state/paths';

describe('resolveAppDataDir', () => {
  it('lets ROLECALL_HOME win on every platform', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(resolveAppDataDir({ ROLECALL_HOME: '/tmp/rc', XDG_CONFIG_HOME: '/x' }, platform, '/home/a')).toBe('/tmp/rc');
    }
    expect(resolveAppDataDir({ ROLECALL_HOME: 'D:\\rc', APPDATA: 'C:\\x' }, 'win32', 'C:\\Users\\a')).toBe('D:\\rc');
  });

  it('uses Application Support on macOS', () => {
    expect(resolveAppDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Rolecall');
  });

  it('uses %APPDATA% on Windows, else the roaming folder under home', () => {
    expect(resolveAppDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\Rolecall');
    expect(resolveAppDataDir({}, 'win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\Rolecall');
  });

  it('uses $XDG_CONFIG_HOME/rolecall on Linux, else ~/.config/rolecall (ignoring a relative XDG path)', () => {
    expect(resolveAppDataDir({ XDG_CONFIG_HOME: '/home/a/cfg' }, 'linux', '/home/a')).toBe('/home/a/cfg/rolecall');
    expect(resolveAppDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/rolecall');
    expect(resolveAppDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/a')).toBe('/home/a/.config/rolecall');
    expect(resolveAppDataDir({ ROLECALL_HOME: '' }, 'freebsd', '/home/a')).toBe('/home/a/.config/rolecall');
  });
});
