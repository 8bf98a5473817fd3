#!/bin/sh
# matn set-up: installs what building and testing need, and only what is missing, so it is
# quick to run again. Called by `npm run dist` and `npm test` (and so by CI).
#  - system tools (Debian, as root): chromium to print PDFs, Java + epubcheck to validate EPUBs,
#    poppler-utils (pdftotext, pdffonts, pdfinfo), qpdf and mupdf-tools (mutool) for the PDF
#    checks;
#  - npm packages (npm ci; Puppeteer's browser download is skipped, see .puppeteerrc.cjs), the
#    bundled fonts among them (@fontsource: Amiri and the Noto fallbacks; no system font is needed);
#  - compiles src/ to lib/ for the `matn` command, and precompiles the built-in templates.
set -eu
cd "$(dirname "$0")/.."

need_apt=""
command -v chromium >/dev/null 2>&1 || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] || need_apt="$need_apt chromium"
[ -f /usr/share/java/epubcheck.jar ] || need_apt="$need_apt epubcheck"
command -v pdftotext >/dev/null 2>&1 || need_apt="$need_apt poppler-utils"
command -v qpdf >/dev/null 2>&1 || need_apt="$need_apt qpdf"
command -v mutool >/dev/null 2>&1 || need_apt="$need_apt mupdf-tools"
command -v java >/dev/null 2>&1 || need_apt="$need_apt default-jre-headless"
if [ -n "$need_apt" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing$need_apt" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq $need_apt >/dev/null
  else
    echo "setup: missing$need_apt — install them with your package manager (matn still builds HTML; PDF needs a Chromium, see README)" >&2
  fi
fi

# npm packages: install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund >&2
fi

# The matn command runs compiled JavaScript from lib/.
if [ ! -f lib/cli/main.js ] || [ -n "$(find src -newer lib/cli/main.js -name '*.ts' 2>/dev/null | head -n 1)" ]; then
  npx tsc -p tsconfig.build.json
fi

# The built-in templates, precompiled (template-specs.ts): when a template, or the code that
# writes the specs, is newer than the specs.
if [ ! -f lib/templates/.done ] || [ -n "$(find templates lib/render/template-specs.js package-lock.json -newer lib/templates/.done -type f 2>/dev/null | head -n 1)" ]; then
  node scripts/precompile-templates.mjs && touch lib/templates/.done
fi
