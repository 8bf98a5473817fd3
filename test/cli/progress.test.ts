/** What a build prints for each document's warnings (src/publish/progress.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/publish/build.js';
import { namingSource } from '../../src/publish/progress.js';
import { printedProgress } from '../helpers.js';

describe('build warnings on the terminal', () => {
  it('name the source file once, whether or not the warning names it itself', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'matn-progress-'));
    try {
      mkdirSync(join(cwd, 'source'));
      writeFileSync(join(cwd, 'source', 'page.md'), '# عنوان {#start}\n\nنص الصفحة.\n\n![شعار المشروع](images/missing.png)\n');
      const { progress, printed } = printedProgress();
      const result = await build({ cwd, overrides: { formats: ['html', 'epub'] }, progress });
      expect(result.ok).toBe(true);
      const warnings = printed().split('\n').filter((l) => l.trim().startsWith('!'));
      expect(warnings.some((l) => l.includes('images/missing.png') && l.includes('«شعار المشروع»'))).toBe(true);
      for (const line of warnings) expect(line.split('source/page.md').length - 1, line).toBe(1);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('put the path before a warning that does not name it', () => {
    expect(namingSource('source/a.md', 'fonts: 1 character has no glyph')).toBe('source/a.md: fonts: 1 character has no glyph');
    expect(namingSource('source/a.md', 'source/a.md: the image "x.png" is not found')).toBe('source/a.md: the image "x.png" is not found');
    expect(namingSource('source/a.md', 'epub: source/a.md: the image "x.svg" is too large')).toBe('epub: source/a.md: the image "x.svg" is too large');
    expect(namingSource('source/a.md', 'source/a.mdx: other file')).toBe('source/a.md: source/a.mdx: other file');
  });
});
