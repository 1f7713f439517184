/**
 * electron-builder cannot package on these machines (it downloads Electron), so the packaging
 * config is checked the way electron-builder itself checks it before building: against its schema.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
// electron-builder's own validator (the one `electron-builder` runs on every build).
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const logger = { isEnabled: false, add() {} };

interface BuilderConfig {
  productName: string;
  asarUnpack: string[];
  appId: string;
  electronFuses: Record<string, boolean>;
  mac: { target: string[]; icon: string; extendInfo: { LSUIElement: boolean } };
  win: { target: string[]; icon: string };
  linux: { target: string[]; icon: string };
}
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('rejects a broken config (the validator is real)', async () => {
    await expect(validateConfiguration({ ...config, mac: { target: 42, bogus: true } }, logger)).rejects.toThrow();
  });

  it('names the product, targets and menu-bar-only mac app', () => {
    expect(config.productName).toBe('Rolecall');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('locks down the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableEmbeddedAsarIntegrityValidation: true,
      // pages come from app://rolecall (electron/main/app-protocol.ts), never from file://
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks the CLI from the asar archive: credential_process runs it with a plain node', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['bin/**', 'out/cli/**']));
    expect(existsSync('bin/rolecall.cjs')).toBe(true);
  });

  it('points at icons that exist', () => {
    for (const icon of [config.mac.icon, config.win.icon, config.linux.icon, 'assets/trayTemplate.png', 'assets/trayTemplate@2x.png', 'assets/tray.png', 'assets/tray-elevated.png']) {
      expect(existsSync(icon), icon).toBe(true);
    }
  });
});
