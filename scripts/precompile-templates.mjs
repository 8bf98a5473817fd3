// Precompiles the built-in Handlebars templates to lib/templates/ (run by setup.sh after lib/ is compiled).
import { BUILTIN_TEMPLATES } from '../lib/render/templates.js';
import { writeTemplateSpecs } from '../lib/render/template-specs.js';

const written = writeTemplateSpecs(BUILTIN_TEMPLATES);
console.error(`setup: ${written.length} templates precompiled`);
