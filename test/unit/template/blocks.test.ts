/**
 * Jinja2 block tags in templates. The expected texts are what ansible-core 2.14 (Jinja2 3.1, trim_blocks on,
 * lstrip_blocks off, trailing newline kept, as its template module renders) produced for the same template and
 * variables, collected by hand once; the tests never run Ansible.
 */
import { checkExpressionSyntax, checkTemplateSyntax, referencedNames, renderValue } from '../../../src/template';
import { TemplateError } from '../../../src/template';

describe('block tags render as Ansible renders them', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['{% if x %}\nA\n{% endif %}B', { x: true }, 'A\nB'],
    ['a\n  {% if x %}\n  yes\n  {% endif %}\nb\n', { x: true }, 'a\n    yes\n  b\n'],
    ['a\n  {%- if x %}\n  yes\n  {%- endif %}\nb\n', { x: true }, 'a  yesb\n'],
    ['{# c #}\nx', {}, 'x'],
    [
      '{% for i in xs %}{{ loop.index }}:{{ i }}{% if not loop.last %},{% endif %}{% endfor %}',
      { xs: ['a', 'b'] },
      '1:a,2:b',
    ],
    ['{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}', { d: { b: 1, a: 2 } }, 'b=1 a=2 '],
    ['{% raw %}\n{{ x }} ${#a}{% endraw %}\nz', {}, '\n{{ x }} ${#a}z'],
    ['{% set ns = namespace(n=0) %}{% for i in [1,2,3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}', {}, '6'],
    ['{% set x = 1 %}{% for i in [1] %}{% set x = 5 %}{% endfor %}{{ x }}', {}, '1'],
    ['{% for i in [] %}x{% else %}empty{% endfor %}', {}, 'empty'],
    [
      '{% for i in [1,2,3,4] if i is even %}{{ loop.index }}/{{ loop.length }}:{{ i }} {% endfor %}',
      {},
      '1/2:2 2/2:4 ',
    ],
    ["{% for i in [1,2,3] %}{{ loop.cycle('o','e') }}{% endfor %}", {}, 'oeo'],
    ['{% if true %}1{% endif %}', {}, '1'],
    ["a {{- ' b ' -}} c", {}, 'a b c'],
    ['x\n{% set y %}\ninner {{ 2 }}\n{% endset %}[{{ y }}]', {}, 'x\n[inner 2\n]'],
    ['line\n\n{#- c -#}\n\nend', {}, 'lineend'],
    [
      '{% for h in hosts %}\n{{ h.name }} {{ h.addr }}\n{% endfor %}\n',
      {
        hosts: [
          { name: 'a', addr: '1' },
          { name: 'b', addr: '2' },
        ],
      },
      'a 1\nb 2\n',
    ],
    ['[servers]\n{% for h in hosts -%}\n  {{ h }}\n{%- endfor %}\nend\n', { hosts: ['a', 'b'] }, '[servers]\nabend\n'],
    ['{% if n > 2 %}big{% elif n > 1 %}mid{% else %}small{% endif %}', { n: 2 }, 'mid'],
    ['{% if n > 2 %}big{% elif n > 1 %}mid{% else %}small{% endif %}', { n: 1 }, 'small'],
    [
      "{% for i in [1,2,3] %}{{ loop.previtem | default('-') }}{{ i }}{{ loop.nextitem | default('-') }} {% endfor %}",
      {},
      '-12 123 23- ',
    ],
    [
      "{% for i in ['a','b'] %}{% for j in [1,2] %}{{ loop.index }}{{ i }}{{ j }} {% endfor %}{% endfor %}",
      {},
      '1a1 2a2 1b1 2b2 ',
    ],
    ['{% set a, b = [1, 2] %}{{ a }}-{{ b }}', {}, '1-2'],
    ['{% for k in d %}{{ k }}{% endfor %}', { d: { z: 1, a: 2 } }, 'za'],
    ['  {%+ if true %}x{% endif %}', {}, '  x'],
    ['a\n{%- raw -%}\n {{ x }} \n{%- endraw -%}\nb', {}, 'a{{ x }}b'],
    ['x {#- note -#} y', {}, 'xy'],
    ['{% for i in range(3) %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}', {}, '0,1,2'],
    ['{% set x %}{% for i in [1,2] %}{{ i }}{% endfor %}{% endset %}{{ x | length }}', {}, '2'],
    ['{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}', {}, '3 7 '],
    ['{% if x is defined %}yes{% else %}no{% endif %}', {}, 'no'],
    ['line1\n{# comment #}\nline2\n', {}, 'line1\nline2\n'],
    ['{% for i in [3,1,2] | sort %}{{ i }}{% endfor %}', {}, '123'],
    ["{{ 'x' }}\n{% if true %}\n  y\n{% endif %}\n", {}, 'x\n  y\n'],
    ['{% if true -%}\n   a\n{%- endif %}', {}, 'a'],
    ['{% for i in [1, 2] if i > 5 %}{{ i }}{% else %}none{% endfor %}', {}, 'none'],
  ])('%j with %j', (template, vars, expected) => {
    expect(renderValue(template, vars)).toBe(expected);
  });
});

describe('block tags', () => {
  it('renders text, never a typed value, once a tag or comment is written', () => {
    expect(renderValue('{{ 8 }}', {})).toBe(8);
    expect(renderValue('{# n #}{{ 8 }}', {})).toBe('8');
    expect(renderValue('{% if true %}{{ 8 }}{% endif %}', {})).toBe('8');
  });

  it.each<[string, string]>([
    [
      "{{ d.get('z', 'none') }} {{ d.keys() | list | join(',') }} {% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
      'none a,b a=1;b=2;',
    ],
    [
      "{{ 'a,b,c'.split(',') | length }} {{ ' x '.strip() }} {{ 'kvm-a1'.startswith(('kvm', 'x')) }} {{ '-'.join(['a', 'b']) }}",
      '3 x true a-b',
    ],
    ["{{ 'a b  c'.split() | length }} {{ 'a,b,c'.split(',', 1) | last }} {{ 'xxa'.lstrip('x') }}", '3 b,c a'],
  ])('calls the everyday Python methods: %s', (template, expected) => {
    expect(renderValue(template, { d: { a: 1, b: 2 } })).toBe(expected);
  });

  it('refuses a method that is not on the list', () => {
    expect(() => renderValue("{{ 'x'.format(1) }}", {})).toThrow(
      /a string has no method "format" \(known: .*startswith/
    );
    expect(() => renderValue('{{ d.__class__() }}', { d: {} })).toThrow(/a dict has no method "__class__"/);
  });

  it('keeps a loop variable inside its loop and a namespace across iterations', () => {
    const template =
      '{% set ns = namespace(total=0) %}{% for vm in vms %}{% set ns.total = ns.total + vm.mem %}{% endfor %}{{ ns.total }}';
    expect(renderValue(template, { vms: [{ mem: 2 }, { mem: 6 }] })).toBe('8');
    expect(() => renderValue('{% for x in [1] %}{% endfor %}{{ x }}', {})).toThrow(/undefined variable "x"/);
    expect(() => renderValue('{% set n = 1 %}{% set n.x = 2 %}', {})).toThrow(/only a namespace\(\) takes attributes/);
  });

  it('names the tag and its offset when rendering fails inside a block', () => {
    try {
      renderValue(
        'line\n{% for h in hots %}{{ h }}{% endfor %}',
        {},
        { stepId: 'render', field: 'ssh.template.template' }
      );
      throw new Error('expected a TemplateError');
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as TemplateError).message).toBe(
        'step "render" ssh.template.template: undefined variable "hots" in {% for h in hots %}'
      );
      expect((error as TemplateError).offset).toBe(5);
    }
  });

  it.each<[string, string, number]>([
    ['{% if x %}a', 'unclosed "{% if x %}" (missing "{% endif %}")', 0],
    ['a {% for x in y %}{% endif %}{% endfor %}', 'unexpected "{% endif %}" (no open block it belongs to)', 18],
    ['{% endfor %}', 'unexpected "{% endfor %}" (no open block it belongs to)', 0],
    [
      '{% macro m() %}{% endmacro %}',
      'the Jinja2 tag "macro" is not supported (supported: if, elif, else, endif, for, endfor, set, endset, raw, endraw)',
      0,
    ],
    [
      '{% for i in x %}{% break %}{% endfor %}',
      'the Jinja2 tag "break" is not supported (supported: if, elif, else, endif, for, endfor, set, endset, raw, endraw)',
      16,
    ],
    ['{% fi x %}', 'unknown tag "fi" (did you mean if?)', 0],
    ['{% 1 %}', 'expected a tag name after "{%" but found "1"', 3],
    ['{% if %}{% endif %}', '"{% if %}" needs an expression', 6],
    ['{% if x %}{% else x %}{% endif %}', '"{% else %}" takes nothing, found "x"', 18],
    ['{% for in y %}{% endfor %}', 'expected a loop variable after "for" but found "in"', 7],
    ['{% for x y %}{% endfor %}', 'expected "in" but found "y"', 9],
    ['{% set = 1 %}', 'expected a variable name after "set" but found "="', 7],
    ['{% set x 1 %}', 'expected "=" but found "1"', 9],
    ['a {% if x', 'unclosed "{%" (missing "%}"; for a literal "{%", write {% raw %}…{% endraw %})', 2],
    [
      'echo ${#list[@]}',
      'unclosed comment "{#" (missing "#}"; for a literal "{#" or "{%" (as in ${#list[@]}), write {% raw %}…{% endraw %})',
      6,
    ],
    ['{% raw %}x', 'unclosed "{% raw %}" (missing "{% endraw %}")', 0],
    ['{% if x | nope %}{% endif %}', 'unknown filter "nope"', 10],
    ['{% for x in y recursive %}{% endfor %}', 'recursive loops are not supported', 14],
  ])('finds the syntax error in %p', (template, message, offset) => {
    const found = checkTemplateSyntax(template);
    expect(found?.message).toMatch(message.startsWith('unknown filter') ? new RegExp(`^${message}`) : message);
    expect(found?.message.startsWith(message)).toBe(true);
    expect(found?.offset).toBe(offset);
  });

  it('accepts a literal {# or {% inside raw', () => {
    expect(checkTemplateSyntax('{% raw %}echo ${#list[@]} {% x %}{% endraw %}')).toBeUndefined();
    expect(renderValue('{% raw %}echo ${#list[@]} {{ x }}{% endraw %}', {})).toBe('echo ${#list[@]} {{ x }}');
  });

  it.each<[string, string[]]>([
    ['{% for h in hosts %}{{ h.name }} {{ loop.index }} {{ suffix }}{% endfor %}', ['hosts', 'suffix']],
    ['{% set x = a %}{{ x }}{{ b }}', ['a', 'b']],
    ['{% if c %}{% set y = 1 %}{% else %}{% set y = 2 %}{% endif %}{{ y }}', ['c']],
    ['{% for i in xs if i > min %}{{ i }}{% endfor %}{{ loop }}', ['xs', 'min', 'loop']],
    ['{% for i in xs %}{% set t = i %}{% endfor %}{{ t }}', ['xs', 't']],
    ['{% set ns = namespace(n=0) %}{% set ns.n = 1 %}{{ ns.n }}', []],
    ['{% set body %}{{ a }}{% endset %}{{ body }}', ['a']],
    ['{# {{ not_a_name }} #}{% raw %}{{ nor_this }}{% endraw %}', []],
  ])('knows which names %p needs from its scope', (template, names) => {
    expect(referencedNames(template).sort()).toEqual([...names].sort());
  });

  it('refuses block tags in a condition, which is one expression', () => {
    expect(checkExpressionSyntax('{% if x %}true{% endif %}')?.message).toMatch(
      /a condition is one expression: block tags and comments are not allowed here/
    );
    expect(checkExpressionSyntax("line is match('{#')")).toBeUndefined();
  });

  it('caps the size of what a template produces', () => {
    // 10^10 iterations of 1,000 characters: refused once 16 MiB are out, after some 17,000 iterations (with 10
    // characters each, the 1.7 million iterations to the cap took 11 to 36 s on a loaded machine, against 30 s).
    const chunk = 'x'.repeat(1000);
    expect(() =>
      renderValue(`{% for i in range(100000) %}{% for j in range(100000) %}${chunk}{% endfor %}{% endfor %}`, {})
    ).toThrow(/the rendered text exceeds/);
  });
});
