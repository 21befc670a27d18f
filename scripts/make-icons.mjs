#!/usr/bin/env node
// Renders www/favicon.svg to the extension's PNG icons (extension/icons/{16,32,48,128}.png) in
// headless Chromium. The PNGs are committed; rerun this only when the logo changes:
//   node scripts/make-icons.mjs
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const svg = readFileSync(`${root}www/favicon.svg`, 'utf8');
mkdirSync(`${root}extension/icons`, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: `${root}extension/icons/${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
console.log('extension/icons/{16,32,48,128}.png');
