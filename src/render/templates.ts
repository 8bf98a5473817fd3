/**
 * Templates hold the markup; TypeScript holds the logic. Each output format reads its
 * Handlebars templates and stylesheets from `templates/<format>/` (and shared styles from
 * `templates/common/`); a user's template folder, laid out the same way, overrides any file.
 * Built-in templates are taken precompiled when the set-up made their specs (template-specs.ts).
 */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { MatnError } from '../errors.js';
import { COMPILE_OPTIONS, precompiledSpec } from './template-specs.js';

/** The templates shipped with matn. */
export const BUILTIN_TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');

export class TemplateSet {
  /** Folders searched in order: the user's first, the built-in last. */
  readonly dirs: string[];
  private readonly cache = new Map<string, string>();
  private readonly compiled = new Map<string, HandlebarsTemplateDelegate>();
  private readonly handlebars: typeof Handlebars;

  constructor(userDir?: string) {
    if (userDir && !existsSync(userDir)) throw new MatnError('template', userDir, 'template folder does not exist');
    this.dirs = userDir ? [resolve(userDir), BUILTIN_TEMPLATES] : [BUILTIN_TEMPLATES];
    this.handlebars = Handlebars.create();
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** Where a template file is found (the user's copy first). */
  locate(name: string): string {
    for (const dir of this.dirs) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
    throw new MatnError('template', name, `template not found in ${this.dirs.join(' or ')}`);
  }

  read(name: string): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      text = readFileSync(this.locate(name), 'utf8');
      this.cache.set(name, text);
    }
    return text;
  }

  /** Registers every `*.partial.hbs` of a format folder as a partial named after the file. */
  private registerPartials(folder: string): void {
    const seen = new Set<string>();
    for (const dir of this.dirs) {
      const path = join(dir, folder);
      if (!existsSync(path)) continue;
      for (const file of readdirSync(path)) {
        const m = /^(.+)\.partial\.hbs$/.exec(file);
        if (!m || seen.has(m[1]!)) continue;
        seen.add(m[1]!);
        const text = readFileSync(join(path, file), 'utf8');
        const spec = dir === BUILTIN_TEMPLATES ? precompiledSpec(BUILTIN_TEMPLATES, join(path, file), text) : undefined;
        this.handlebars.registerPartial(m[1]!, spec ? this.handlebars.template(spec) : text);
      }
    }
  }

  /** Renders a template ("html/page.hbs") with data; errors name the template file. */
  render(name: string, data: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      this.registerPartials(dirname(name));
      const file = this.locate(name);
      const text = this.read(name);
      const spec = file.startsWith(BUILTIN_TEMPLATES + sep) ? precompiledSpec(BUILTIN_TEMPLATES, file, text) : undefined;
      try {
        template = spec ? this.handlebars.template(spec) : this.handlebars.compile(text, COMPILE_OPTIONS);
      } catch (error) {
        throw new MatnError('template', file, (error as Error).message);
      }
      this.compiled.set(name, template);
    }
    try {
      return template(data);
    } catch (error) {
      throw new MatnError('template', this.locate(name), (error as Error).message);
    }
  }
}
