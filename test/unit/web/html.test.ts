import { html, joinHtml, SafeHtml, trustedHtml } from '../../../web/pages/html.js';

describe('html template tag', () => {
  test('escapes every interpolated string, in content and attributes', () => {
    const title = `<script>alert("x")</script> & 'quotes'`;
    const out = html`<a title="${title}">${title}</a>`.value;
    expect(out).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</a>',
    );
  });

  test('nests safe fragments unescaped, joins arrays, drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}${0}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li>0</ul>');
    expect(html`${trustedHtml('<b>x</b>')}`.value).toBe('<b>x</b>');
    expect(joinHtml(['<x>', html`<i>y</i>`], ', ').value).toBe('&lt;x&gt;, <i>y</i>');
    expect(html`x` instanceof SafeHtml).toBe(true);
  });
});
