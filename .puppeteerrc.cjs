// matn never lets Puppeteer download a browser at install time: it finds an installed
// Chromium/Chrome at build time (see src/render/pdf/browser.ts and the README).
module.exports = { skipDownload: true };
