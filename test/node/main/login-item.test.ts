import { mkdtempSync, readFileSync, existsSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartDirFor, desktopEntry } from '../../../electron/main/login-item';

describe('start at login', () => {
  it('uses the OS login items on macOS and Windows, starting hidden', async () => {
    const calls: unknown[] = [];
    await applyStartAtLogin(true, { platform: 'darwin', setLoginItemSettings: (s) => calls.push(s), executable: '/x', autostartDir: '/nowhere' });
    await applyStartAtLogin(false, { platform: 'win32', setLoginItemSettings: (s) => calls.push(s), executable: '/x', autostartDir: '/nowhere' });
    expect(calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rolecall-autostart-')), 'autostart');
    const deps = { platform: 'linux' as const, setLoginItemSettings: () => expect.unreachable(), executable: '/opt/Rolecall/Rolecall "beta".AppImage', autostartDir: dir };
    await applyStartAtLogin(true, deps);
    const text = readFileSync(join(dir, 'rolecall.desktop'), 'utf8');
    expect(text).toContain('Exec="/opt/Rolecall/Rolecall \\"beta\\".AppImage" --hidden');
    expect(text.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    await applyStartAtLogin(false, deps);
    await applyStartAtLogin(false, deps);
    expect(existsSync(join(dir, 'rolecall.desktop'))).toBe(false);
  });

  it('reports an unwritable autostart folder as a typed error', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'rolecall-autostart-'));
    writeFileSync(join(parent, 'autostart'), 'a file, not a folder');
    chmodSync(join(parent, 'autostart'), 0o400);
    await expect(
      applyStartAtLogin(true, { platform: 'linux', setLoginItemSettings: () => undefined, executable: '/x', autostartDir: join(parent, 'autostart') }),
    ).rejects.toMatchObject({ code: 'FileWriteFailed', action: expect.stringMatching(/autostart/) });
  });

  it('finds the autostart folder like the XDG spec says', () => {
    expect(autostartDirFor({}, '/home/u')).toBe('/home/u/.config/autostart');
    expect(autostartDirFor({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart');
    expect(autostartDirFor({ XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/autostart');
    expect(desktopEntry('/a b/$x`y\\z')).toContain('Exec="/a b/\\$x\\`y\\\\z" --hidden');
  });
});
