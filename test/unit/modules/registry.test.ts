import { getModule, moduleNames, modules } from '../../../src/modules/registry';

describe('the module registry', () => {
  it.each(Object.entries(modules))('registers %s under its own name', (name, module) => {
    expect(module.name).toBe(name);
    expect(getModule(name)).toBe(module);
  });

  it.each(['nope', 'toString', '__proto__'])('has no module named %s', (name) => {
    expect(getModule(name)).toBeUndefined();
  });

  it('lists the names sorted', () => {
    expect(moduleNames()).toEqual([...moduleNames()].sort());
    expect(moduleNames()).toEqual(expect.arrayContaining(['assert', 'echo', 'local.command', 'pause', 'wait']));
  });
});
