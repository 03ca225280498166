import { ExtraVarError, parseExtraVars } from '../../../src/cli/extra-vars';

describe('parseExtraVars', () => {
  it.each([
    ['n=3', { n: 3 }],
    ['flag=true', { flag: true }],
    ['list=[a, b]', { list: ['a', 'b'] }],
    ['text=hello world', { text: 'hello world' }],
    ['url=http://x:1/a=b', { url: 'http://x:1/a=b' }],
    ['empty=', { empty: '' }],
    ['broken={unclosed', { broken: '{unclosed' }],
  ])('reads %s', (pair, vars) => {
    expect(parseExtraVars([pair])).toEqual(vars);
  });

  it.each(['novalue', '=3', 'bad-name=1', '1x=2'])('refuses %s', (pair) => {
    expect(() => parseExtraVars([pair])).toThrow(ExtraVarError);
  });
});
