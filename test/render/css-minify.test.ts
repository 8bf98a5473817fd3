/**
 * The standalone page's style sheet is minified (src/render/css-minify.ts): smaller, but every
 * rule a user wrote still reaches the page.
 */
import { describe, expect, it } from 'vitest';
import { minifiedCss } from '../../src/render/css-minify.js';
import { TemplateSet } from '../../src/render/templates.js';

describe('minifiedCss', () => {
  it('drops comments and spacing from the built-in sheets, keeping their rules', () => {
    const templates = new TemplateSet();
    const sheet = [templates.read('common/typography.css'), templates.read('html/screen.css')].join('\n');
    const out = minifiedCss(sheet);
    expect(out.length).toBeLessThan(sheet.length * 0.8);
    expect(out).not.toContain('/*');
    expect(out).toContain('--matn-accent:');
    expect(out).toMatch(/direction:rtl|text-align:start/u);
  });

  it('keeps what it does not know: unknown properties and at-rules, and text in content strings', () => {
    expect(minifiedCss('p { foo: bar; color: #ff0000 }')).toBe('p{foo:bar;color:red}');
    expect(minifiedCss('@unknown-rule x { a: b }')).toContain('@unknown-rule x');
    expect(minifiedCss('li::marker { content: "• – "; }')).toContain('"• – "');
  });

  it('leaves a sheet it cannot read as it is', () => {
    expect(minifiedCss('p {{ broken')).toBe('p {{ broken');
  });
});
