import { escapeHtml, html, num } from '../../../src/report/markup';

describe('html', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a & b', 'a &amp; b'],
    [`" onload="x' y`, '&quot; onload=&quot;x&#39; y'],
  ])('escapes %p wherever it is interpolated', (value, escaped) => {
    expect(html`<td title="${value}">${value}</td>`.text).toBe(`<td title="${escaped}">${escaped}</td>`);
  });

  it('passes nested markup and arrays of it through unescaped once', () => {
    const items = ['<a>', 'b'].map((v) => html`<li>${v}</li>`);
    const list = html`<ul>
      ${items}
    </ul>`;
    expect(list.text.replace(/\s+/g, '')).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
  });

  it.each([[null], [undefined], [false]])('renders %p as nothing', (value) => {
    expect(html`[${value}]`.text).toBe('[]');
  });

  it('escapes every character that could end an attribute or open a tag', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it.each([
    [1.23456, '1.23'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0'],
  ])('prints the SVG number %p as %p', (value, text) => {
    expect(num(value)).toBe(text);
  });
});
