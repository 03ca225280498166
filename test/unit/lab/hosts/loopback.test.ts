import { isLoopbackAddress } from '../../../../src/lab/hosts/loopback';

describe('the lab loopback rule', () => {
  it.each([['127.0.0.1'], ['127.10.1.11'], ['127.255.255.254']])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each([['10.10.1.11'], ['192.0.2.1'], ['128.0.0.1'], ['::1'], ['localhost'], ['127.0.0'], ['']])(
    'refuses %j (also as a forwarding destination)',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    }
  );
});
