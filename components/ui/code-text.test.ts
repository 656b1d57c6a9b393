import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CodeText } from './code-text';
import { ProblemPanel } from './problem-panel';

const html = (text: string) => renderToStaticMarkup(createElement(CodeText, { text }));

describe('CodeText', () => {
  it('shows backticked parts as code, without the backticks', () => {
    const out = html('The credential plugin `aws` is not on the PATH; run `aws eks get-token`.');
    expect(out).toMatch(/<code[^>]*>aws<\/code>/);
    expect(out).toMatch(/<code[^>]*>aws eks get-token<\/code>/);
    expect(out).not.toContain('`');
  });

  it('leaves a lone backtick as text and escapes markup', () => {
    const out = html('a ` b <script>');
    expect(out).not.toContain('<code');
    expect(out).toContain('a ` b &lt;script&gt;');
  });
});

describe('ProblemPanel', () => {
  it('renders backticked names in its detail and hints as code', () => {
    const out = renderToStaticMarkup(
      createElement(ProblemPanel, {
        title: 'Failed',
        detail: 'Plugin `aws` missing.',
        hints: ['Install `aws`.'],
      }),
    );
    expect(out.match(/<code[^>]*>aws<\/code>/g)).toHaveLength(2);
    expect(out).not.toContain('`');
  });
});
