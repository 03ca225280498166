import { checkTemplateSyntax, evaluate, referencedNames, renderValue } from '../../../src/template';
import { TemplateError, UndefinedVariableError } from '../../../src/template';
import { RunbookError } from '../../../src/shared/errors';

const scope = { host: { address: '127.10.1.11', site: 'primary' }, vms: [{ name: 'db-1' }], nothing: null };

function renderError(value: unknown, where = {}): TemplateError {
  try {
    renderValue(value, scope, where);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('template errors', () => {
  it('names the step and the expression for an undefined variable, never rendering an empty string', () => {
    const error = renderError('{{ hots.address }}', { stepId: 'spm-priority' });
    expect(error).toBeInstanceOf(UndefinedVariableError);
    expect(error).toBeInstanceOf(RunbookError);
    expect(error.message).toBe('step "spm-priority": undefined variable "hots" in {{ hots.address }}');
    expect((error as UndefinedVariableError).variable).toBe('hots');
    expect(error.stepId).toBe('spm-priority');
    expect(error.expression).toBe('{{ hots.address }}');
    expect(error.code).toBe('TEMPLATE_UNDEFINED');
  });

  it('names the field path of a template deep inside the arguments', () => {
    const error = renderError({ disks: [{ size: '{{ size }}' }] }, { stepId: 'grow', field: 'olvm.vm' });
    expect(error.message).toBe('step "grow" olvm.vm.disks[0].size: undefined variable "size" in {{ size }}');
    expect(error.field).toBe('olvm.vm.disks[0].size');
  });

  it.each<[string, string, string]>([
    ['{{ host.adress }}', 'host.adress', 'undefined attribute "adress" of host (known: address, site)'],
    ['{{ vms[3].name }}', 'vms[3]', 'index 3 is out of range for vms (length 1)'],
    ["{{ host['zone'] }}", 'host["zone"]', 'undefined key "zone" in host (known: address, site)'],
    ['{{ nothing.name }}', 'nothing.name', 'nothing is none, so "nothing.name" is undefined'],
    ['{{ vms[0].name.first }}', 'vms[0].name.first', 'undefined attribute "first" of vms[0].name (a string)'],
  ])('treats %s as undefined', (template, variable, detail) => {
    const error = renderError(template);
    expect(error).toBeInstanceOf(UndefinedVariableError);
    expect((error as UndefinedVariableError).variable).toBe(variable);
    expect(error.message).toBe(`${detail} in ${template}`);
  });

  it('shows only the failing expression of a mixed template', () => {
    expect(renderError('addr={{ host.address }} zone={{ zone }}').message).toBe(
      'undefined variable "zone" in {{ zone }}'
    );
  });

  it.each<[string, string]>([
    ["{{ 1 + 'a' }}", "cannot apply + to number and string (use ~ to join text) in {{ 1 + 'a' }}"],
    ['{{ 1 / 0 }}', 'division by zero in {{ 1 / 0 }}'],
    ["{{ 1 < 'a' }}", "cannot compare number with string in {{ 1 < 'a' }}"],
    ['{{ 1 in 2 }}', '"in" needs a string, list or dict on the right, got number in {{ 1 in 2 }}'],
    ['{{ -"a" }}', 'unary - needs a number, got string in {{ -"a" }}'],
  ])('reports a type error in %s', (template, message) => {
    const error = renderError(template);
    expect(error).not.toBeInstanceOf(UndefinedVariableError);
    expect(error.message).toBe(message);
  });

  it.each<[string, string, number]>([
    ['{{ a = 1 }}', 'unexpected "=" (did you mean "=="?)', 5],
    ['x {{ a', 'unclosed "{{" (missing "}}")', 2],
    ['{{ }}', 'empty expression', 3],
    ['{{ a b }}', 'unexpected "b"', 5],
    ["{{ 'abc }}", 'unterminated string', 3],
    ['{{ (a }}', 'unclosed "("', 3],
    ['{{ a) }}', 'unexpected ")"', 4],
    ['{{ [1, 2 }}', 'unclosed "["', 3],
    ['{{ a | }}', 'expected a filter name but found end of expression', 7],
    ['{{ a is }}', 'expected a test name after "is" but found end of expression', 8],
    ['{{ a.[0] }}', 'expected an attribute name after "." but found "["', 5],
    ['{{ 1abc }}', 'invalid number "1a"', 3],
    ['{{ a $ b }}', 'unexpected character "$"', 5],
    ['{{ f(x=1, 2) }}', 'positional argument after keyword argument', 10],
    ['{{ a | lenght }}', 'unknown filter "lenght" (did you mean length?)', 7],
    ['{{ a is defind }}', 'unknown test "defind" (did you mean defined?)', 8],
    ['{{ lookup("env", "HOME") }}', 'unknown function "lookup" (known: range, namespace, dict)', 3],
    ['a > ', 'unexpected end of expression', 4],
  ])('finds the syntax error in %p', (template, message, offset) => {
    expect(checkTemplateSyntax(template)).toEqual({ message, offset });
  });

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    expect(checkTemplateSyntax(`{{ ${'('.repeat(65)}1${')'.repeat(65)} }}`)).toEqual({
      message: 'nested deeper than 64 brackets',
      offset: 67,
    });
    expect(evaluate(`${'('.repeat(64)}1${')'.repeat(64)}`, {})).toBe(1);
    expect(checkTemplateSyntax(`{{ ${'not '.repeat(100_000)}x }}`)).toEqual({
      message: 'expression too deeply nested',
      offset: 0,
    });
  });

  it.each(['{{ a }}', 'x {{ a | default(1) }} y', 'a > 1 and b', '{{ range(3) }}'])('accepts %p', (template) => {
    expect(checkTemplateSyntax(template)).toBeUndefined();
  });

  it('reports a syntax error at render time with its offset', () => {
    const error = renderError('x {{ a = 1 }}', { stepId: 's' });
    expect(error.message).toBe('step "s": syntax error: unexpected "=" (did you mean "=="?) in x {{ a = 1 }}');
    expect(error.offset).toBe(7);
  });

  it('rejects text around a condition given to evaluate', () => {
    expect(() => evaluate('{{ a }} and {{ b }}', { a: 1, b: 2 })).toThrow(
      'syntax error: expected one expression, either bare or as a single "{{ … }}"'
    );
  });

  it.each<[string, string[]]>([
    ['{{ host.address }}', ['host']],
    ['{{ a }} and {{ b.c[d] }}', ['a', 'b', 'd']],
    ['x > 1 and y', ['x', 'y']],
    ["{{ opt | default('x') }}", []],
    ['{{ opt.deep | default(fallback) }}', ['fallback']],
    ['{{ opt is defined and opt > 1 }}', ['opt']],
    ['{{ opt is not defined }}', []],
    ["{{ vms | selectattr('site', 'equalto', site) | list }}", ['vms', 'site']],
    ['{{ 1 + }}', []],
    ['plain text', []],
  ])('lists the names %p needs', (template, names) => {
    expect(referencedNames(template).sort()).toEqual([...names].sort());
  });
});
