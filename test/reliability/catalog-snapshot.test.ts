/**
 * A catalog is one version of the files, whole. The AWS CLI rewrites the credentials file by
 * truncating it and writing it again; a catalog that read the file more than once (to parse it, then
 * to find Rolecall's marked sections) could list sessions of one version beside profiles of
 * another — and then refuse a refresh with "not managed by Rolecall". Here a child process rewrites
 * the file between two versions, in two writes after a truncation, every millisecond, while catalogs
 * load; every catalog must be self-consistent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles, externalDataInterceptor } from '@smithy/shared-ini-file-loader';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSharedSnapshot } from '../../electron/core/aws-files/read';
import { formatMarker } from '../../electron/core/aws-files/marker';
import { loadCatalog } from '../../electron/core/profiles/catalog';
import { MemorySecretStore } from '../../electron/core/keychain/memory-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-snapshot-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const section = (name: string, source: string) =>
  `[${name}]\n${formatMarker({ expiresAt: new Date('2030-01-01T00:00:00Z'), source })}\naws_access_key_id = ASIA${name.toUpperCase().padEnd(16, 'X')}\naws_secret_access_key = s\naws_session_token = t\n`;

describe('the SDK loader contract a single read relies on', () => {
  it('parses the intercepted text instead of the file, and Rolecall leaves no interception behind', async () => {
    const config = join(dir, 'config');
    const credentials = join(dir, 'credentials');
    writeFileSync(config, '[profile on-disk]\nregion = eu-west-1\n');
    writeFileSync(credentials, '[on-disk]\naws_access_key_id = AKIAONDISK\n');
    // set, call, clear — with no await in between, as read.ts does: the loader must have taken the
    // intercepted text synchronously when called
    externalDataInterceptor.interceptFile(credentials, '[intercepted]\naws_access_key_id = AKIAINTERCEPTED\n');
    const loading = loadSharedConfigFiles({ filepath: credentials, configFilepath: config, ignoreCache: true });
    delete externalDataInterceptor.getFileRecord()[credentials];
    const loaded = await loading;
    expect(Object.keys(loaded.credentialsFile)).toEqual(['intercepted']);
    expect(Object.keys(loaded.configFile)).toEqual(['on-disk']);
    const snapshot = await readSharedSnapshot({ configFile: config, credentialsFile: credentials });
    expect(Object.keys(snapshot.files.credentialsFile)).toEqual(['on-disk']);
    expect(snapshot.credentialsBytes?.toString()).toBe('[on-disk]\naws_access_key_id = AKIAONDISK\n');
    expect(externalDataInterceptor.getFileRecord()[credentials]).toBeUndefined();
    expect(externalDataInterceptor.getFileRecord()[config]).toBeUndefined();
  });
});

describe('a catalog loaded while another program rewrites the file', () => {
  it('lists managed sections and profiles of one version, never a mix', async () => {
    const config = join(dir, 'config');
    const credentials = join(dir, 'credentials');
    writeFileSync(config, '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n');
    const mine = '# my keys\n[dev]\naws_access_key_id = AKIADEVDEVDEVDEV0001\naws_secret_access_key = d\n';
    const versions = [mine + section('work', 'admin'), mine + section('ro', 'readonly') + section('audit', 'admin')];
    /** Each version's sections and the source its marker names ('' for the user's own). */
    const versionSources = [
      new Map([['dev', ''], ['work', 'admin']]),
      new Map([['dev', ''], ['ro', 'readonly'], ['audit', 'admin']]),
    ];
    writeFileSync(credentials, versions[0]!);
    // truncate, write the first half, write the rest: what a writer without a lock looks like mid-way
    const rewriter = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const [file, a, b] = process.argv.slice(1); let n = 0;
         process.on('message', () => process.exit(0)); process.send('ready');
         (function loop() { const text = n++ % 2 ? b : a; const fd = fs.openSync(file, 'w');
           fs.writeSync(fd, text.slice(0, text.length >> 1)); fs.writeSync(fd, text.slice(text.length >> 1)); fs.closeSync(fd);
           setTimeout(loop, 1); })();`,
        credentials,
        versions[0]!,
        versions[1]!,
      ],
      { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
    );
    await new Promise((r) => rewriter.once('message', r));
    const secrets = new MemorySecretStore();
    const seen = new Set<string>();
    try {
      for (let i = 0; i < 400; i++) {
        const c = await loadCatalog({ configFile: config, credentialsFile: credentials }, secrets);
        // a read may catch a version half-written (a prefix of it), but profiles and marked sections
        // must all belong to the same one
        // (a marker line cut short may lose the end of its source)
        const parsed = Object.keys(c.files.credentialsFile);
        const fits = (version: Map<string, string>) =>
          parsed.every((n) => version.has(n)) && c.managed.every((m) => version.get(m.name)?.startsWith(m.source ?? '') === true);
        expect(versionSources.some(fits), JSON.stringify({ parsed, managed: c.managed })).toBe(true);
        seen.add(c.managed.map((m) => m.name).join(','));
      }
    } finally {
      rewriter.send('stop');
      await new Promise((r) => rewriter.once('exit', r));
    }
    // the race really ran: sections of both versions were seen
    expect([...seen].some((names) => names.includes('work')), JSON.stringify([...seen])).toBe(true);
    expect([...seen].some((names) => names.includes('ro')), JSON.stringify([...seen])).toBe(true);
  });
});
