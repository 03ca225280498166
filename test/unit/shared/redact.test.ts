import { clearSecrets, redactText, redactValue, registerSecret, REDACTED } from '../../../src/shared/redact';

describe('redact', () => {
  afterEach(() => clearSecrets());

  it('masks a registered secret wherever it appears in a text', () => {
    registerSecret('s3cr3t-pw');
    expect(redactText('login with s3cr3t-pw then s3cr3t-pw again')).toBe(
      `login with ${REDACTED} then ${REDACTED} again`
    );
  });

  it('masks the URL-encoded form of a secret', () => {
    registerSecret('p@ss w0rd');
    expect(redactText('password=p%40ss%20w0rd')).toBe(`password=${REDACTED}`);
  });

  it.each([['password'], ['Password'], ['access_token'], ['private_key'], ['authorization'], ['become_pass']])(
    'masks the value of a key named %s',
    (key) => {
      expect(redactValue({ [key]: 'anything', other: 'kept' })).toEqual({ [key]: REDACTED, other: 'kept' });
    }
  );

  it('masks PEM private key blocks', () => {
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
    expect(redactText(`key: ${pem} done`)).toBe(`key: ${REDACTED} done`);
  });

  it('walks nested arrays and objects without changing the input', () => {
    registerSecret('tok123');
    const input = { steps: [{ out: 'tok123' }], n: 1 };
    expect(redactValue(input)).toEqual({ steps: [{ out: REDACTED }], n: 1 });
    expect(input.steps[0]!.out).toBe('tok123');
  });
});
