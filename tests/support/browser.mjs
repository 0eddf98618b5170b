// Headless Debian Chromium through playwright-core (WebGL2 via SwiftShader), with the page's
// console captured and screenshots saved under the build folder for every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ARTIFACTS_DIR = process.env.INBOX_ARTIFACTS_DIR || path.resolve('build/test-artifacts');
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.INBOX_CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// Opens the inbox in a new context; returns { page, context, console, errors() , saveLog(name) }.
export async function openInbox(browser, url, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const page = await context.newPage();
  const lines = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.inbox && window.Module && window.Module.calledRun === true, null, { timeout: 30000 });
  return {
    page,
    context,
    console: lines,
    errors: () => lines.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]')),
    saveLog(name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(path.join(ARTIFACTS_DIR, `${name}.console.log`), lines.join('\n') + '\n');
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// The hooks return JSON strings (DESIGN.md); these parse them.
export const state = (page) => page.evaluate(() => JSON.parse(window.inbox.state()));
export const uiTree = (page) => page.evaluate(() => JSON.parse(window.inbox.uiTree()));
export const metrics = (page) => page.evaluate(() => JSON.parse(window.inbox.metrics()));
