import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertTrustedCaFile,
  EngineCaChangedError,
  findKnownEngine,
  recordKnownEngine,
} from '../../../src/olvm/known-engines';
import { LabPki } from '../../../src/lab/pki/store';
import { OlvmConfigError } from '../../../src/olvm/errors';

describe('the known engines file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'known-engines-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records one line per engine origin, replacing the line of the same engine', () => {
    const file = join(dir, 'known_engines');
    recordKnownEngine(file, 'https://olvm.example.com/ovirt-engine/api', 'SHA256:AA:BB');
    recordKnownEngine(file, 'https://other.example.com:8443/ovirt-engine/api', 'SHA256:CC:DD');
    recordKnownEngine(file, 'https://olvm.example.com/ovirt-engine/api/', 'SHA256:EE:FF');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#') && line !== '');
    expect(lines).toEqual(['https://other.example.com:8443 SHA256:CC:DD', 'https://olvm.example.com SHA256:EE:FF']);
    expect(findKnownEngine(file, 'https://olvm.example.com:443/ovirt-engine/api')?.fingerprint).toBe('SHA256:EE:FF');
  });

  it('names the file and line of an unreadable entry', () => {
    const file = join(dir, 'known_engines');
    writeFileSync(file, '# comment\nhttps://olvm.example.com md5:1234\n');
    expect(() => findKnownEngine(file, 'https://olvm.example.com/ovirt-engine/api')).toThrow(
      new OlvmConfigError(
        `${file}:2: expected "<engine origin> SHA256:<fingerprint>", got "https://olvm.example.com md5:1234"`
      )
    );
  });

  it('lets an engine without a record through, and refuses a CA file that is not the recorded CA', async () => {
    const file = join(dir, 'known_engines');
    const url = 'https://olvm.example.com/ovirt-engine/api';
    expect(() => assertTrustedCaFile(url, join(dir, 'missing.pem'), file)).not.toThrow();
    recordKnownEngine(file, url, 'SHA256:00:11');
    writeFileSync(join(dir, 'ca.pem'), await new LabPki(join(dir, 'pki')).ca());
    const error = (() => {
      try {
        assertTrustedCaFile(url, join(dir, 'ca.pem'), file);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EngineCaChangedError);
    expect((error as EngineCaChangedError).message).toMatch(
      /^the CA in .*ca\.pem for the engine https:\/\/olvm\.example\.com is not the one recorded in .*known_engines: recorded SHA256:00:11, now SHA256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/
    );
  });
});
