#!/usr/bin/env node
// Optional end-to-end run (not in CI): installs nnet.vsix into code-server 4.100.3 (VS Code 1.100),
// opens examples/mnist-cnn.nnet in Debian's Chromium through playwright-core, checks what a person
// would see and saves screenshots (inlay hints, hover, diagnostics, summary, diagram, IR) in screenshots/.
//
// Needs: Node 20, npm reaching the registry, `chromium` (apt-get install -y chromium), a C/C++
// toolchain and Node headers for code-server's native modules (npm's `nodedir`), libkrb5-dev
// (kerberos) and ripgrep. Everything it installs goes into --work (default /tmp/nnet-e2e).
// Usage: node e2e/code-server.mjs [--work DIR] [--port 8765] [--chromium /usr/bin/chromium] [--skip-package]

import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionRoot = path.dirname(here);
const repoRoot = path.resolve(extensionRoot, '..', '..');
const shots = path.join(here, 'screenshots');

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const work = path.resolve(option('work', '/tmp/nnet-e2e'));
const port = Number(option('port', '8765'));
const chromiumPath = option('chromium', '/usr/bin/chromium');
const codeServerVersion = '4.100.3';
const playwrightVersion = '1.65.1';

const started = Date.now();
const log = (message) =>
  console.log(`[e2e] ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s ${message}`);
const run = (command, args, cwd, extraEnv = {}) =>
  execFileSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, npm_config_yes: 'true', ...extraEnv },
  });
const tryRun = (command, args, cwd) => {
  try {
    run(command, args, cwd);
    return true;
  } catch {
    return false;
  }
};

// --- 1. code-server and playwright-core, in the work directory --------------------------------

function installCodeServer() {
  const codeServer = path.join(work, 'node_modules', 'code-server');
  const vscodeDir = path.join(codeServer, 'lib', 'vscode');
  const ready = path.join(work, '.ready');
  if (fs.existsSync(ready)) return codeServer;
  fs.mkdirSync(work, { recursive: true });
  log(`installing code-server@${codeServerVersion} and playwright-core into ${work}`);
  // --ignore-scripts: code-server's postinstall would download prebuilt binaries (ripgrep, …)
  // from outside the npm registry. The steps below do what it does, offline.
  run(
    'npm',
    [
      'i',
      '--prefix',
      work,
      `code-server@${codeServerVersion}`,
      `playwright-core@${playwrightVersion}`,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ],
    work,
  );
  run('npm', ['rebuild', 'argon2'], work); // node-pre-gyp falls back to building from source
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);
  // node-pty's post-install step fails after building (it wants `npx node-gyp` for a dev file);
  // what matters is that each native module's .node file exists, checked below.
  tryRun(
    'npm',
    ['rebuild', 'node-pty', '@vscode/spdlog', 'native-watchdog', 'kerberos'],
    vscodeDir,
  );
  const natives = [
    'node-pty/build/Release/pty.node',
    '@vscode/spdlog/build/Release/spdlog.node',
    'native-watchdog/build/Release/watchdog.node',
  ];
  for (const file of natives) {
    if (!fs.existsSync(path.join(vscodeDir, 'node_modules', file)))
      throw new Error(
        `code-server's native module ${file} did not build; see the npm output above`,
      );
  }
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  if (fs.existsSync('/usr/bin/rg'))
    (fs.rmSync(path.join(rgDir, 'rg'), { force: true }),
      fs.symlinkSync('/usr/bin/rg', path.join(rgDir, 'rg')));
  const link = (target, at) => {
    fs.rmSync(at, { force: true, recursive: true });
    fs.symlinkSync(target, at);
  };
  link('node_modules', path.join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  fs.writeFileSync(ready, `code-server ${codeServerVersion}\n`);
  return codeServer;
}

// --- 2. the .vsix, installed into a fresh profile ----------------------------------------------

function packageExtension() {
  const vsix = path.join(extensionRoot, 'nnet.vsix');
  if (process.argv.includes('--skip-package') && fs.existsSync(vsix)) return vsix;
  log('building and packaging nnet.vsix');
  run('npm', ['run', '--silent', 'package'], extensionRoot);
  return vsix;
}

function prepareProfile(codeServer, vsix) {
  const profile = path.join(work, 'profile');
  fs.rmSync(profile, { recursive: true, force: true });
  const userData = path.join(profile, 'user-data');
  const extensions = path.join(profile, 'extensions');
  const workspace = path.join(profile, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  for (const file of fs.readdirSync(path.join(repoRoot, 'examples'))) {
    if (file.endsWith('.nnet'))
      fs.copyFileSync(path.join(repoRoot, 'examples', file), path.join(workspace, file));
  }
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'window.zoomLevel': 0,
    // No nnet.* setting: Train This Run must work as installed (the nnc bundled in the .vsix).
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const entry = path.join(codeServer, 'out', 'node', 'entry.js');
  const config = path.join(profile, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  log('installing the .vsix into code-server');
  run(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--install-extension',
      vsix,
      '--force',
    ],
    profile,
  );
  return { entry, config, userData, extensions, workspace };
}

// --- 3. code-server, driven by Chromium ----------------------------------------------------------

function startCodeServer({ entry, config, userData, extensions, workspace }) {
  const out = fs.openSync(path.join(work, 'code-server.log'), 'w');
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      workspace,
    ],
    { stdio: ['ignore', out, out] },
  );
  return child;
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      http
        .get(url, (res) => {
          res.resume();
          resolve(res.statusCode !== undefined && res.statusCode < 500);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `code-server did not answer at ${url}; see ${path.join(work, 'code-server.log')}`,
  );
}

const checks = [];
function check(name, ok, detail = '') {
  checks.push({ name, ok });
  log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

async function screenshot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  log(`saved ${path.relative(repoRoot, file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.waitForTimeout(400);
  await page.keyboard.press('Enter');
}

async function drive(workspace) {
  const require = createRequire(path.join(work, 'node_modules', 'noop.js'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  let closing = false;
  browser.on('disconnected', () => closing || log('the browser went away'));
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('crash', () => log('the page crashed'));
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const item = page.locator('.explorer-folders-view .monaco-list-row', {
      hasText: 'mnist-cnn.nnet',
    });
    await item.waitFor({ timeout: 30_000 });
    await item.dblclick();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ timeout: 30_000 });
    // Close the side bar so the editor has the width.
    await page.keyboard.press('Control+B');

    // Inlay hints, code lens, status bar: the language server and the extension are up.
    const lines = editor.locator('.view-lines');
    const hintsShown = await waitForText(lines, '1,179,776', 60_000);
    check("inlay hints show the dense layer's 1,179,776 params", hintsShown);
    const lens = editor.locator('.codelens-decoration').first();
    const lensText = (await lens.textContent({ timeout: 20_000 }).catch(() => '')) ?? '';
    check('code lens shows the model total', lensText.includes('1,199,882'), lensText.trim());
    await lines.locator('.view-line', { hasText: 'dense(128, relu)' }).click();
    const status = page.locator('.statusbar-item', { hasText: 'Σ' });
    const statusText =
      (await status
        .first()
        .textContent({ timeout: 10_000 })
        .catch(() => '')) ?? '';
    check(
      'status bar shows Σ 1,199,882 params',
      statusText.includes('Σ 1,199,882 params'),
      statusText.trim(),
    );
    await page.mouse.move(5, 400);
    await screenshot(page, 'inlay-hints');

    // Hover on a layer name: its documentation from the catalogue.
    const conv = lines
      .locator('.view-line', { hasText: 'conv2d(32' })
      .locator('span', { hasText: /^conv2d$/ })
      .first();
    await conv.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 }).catch(() => undefined);
    const hoverText = (await hover.textContent().catch(() => '')) ?? '';
    check(
      'hover on conv2d shows its documentation',
      /conv2d/i.test(hoverText) && hoverText.length > 40,
      hoverText.slice(0, 80).replace(/\s+/g, ' '),
    );
    await screenshot(page, 'hover');
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');

    // Diagnostics: delete `flatten`, so dense gets a 3-D input.
    // The line reads `flatten→ [9216]` with its inlay hint; the comment above it starts with `//`.
    await lines.locator('.view-line', { hasText: /^\s*flatten/ }).click();
    await page.keyboard.press('Control+Shift+K');
    const squiggle = editor.locator('.squiggly-error').first();
    const squiggled = await squiggle.waitFor({ timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    check('deleting flatten underlines an error', squiggled);
    await page.keyboard.press('Control+Shift+M'); // the Problems panel
    const problems = page.locator('.markers-panel');
    await problems.waitFor({ timeout: 10_000 }).catch(() => undefined);
    const problemText = (await problems.textContent().catch(() => '')) ?? '';
    check(
      'the Problems panel lists NN3002',
      problemText.includes('NN3002'),
      problemText.slice(0, 120).replace(/\s+/g, ' '),
    );
    // The panel took height from the editor: scroll the error's line (22, where dense now is) into view.
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('22');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    const box = squiggled
      ? await squiggle.boundingBox({ timeout: 10_000 }).catch(() => null)
      : null;
    if (box) {
      // The squiggle is a decoration under the text layer: point the mouse at it rather than hover() it.
      await page.mouse.move(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2);
      await page
        .locator('.monaco-hover:not(.hidden)')
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 })
        .catch(() => undefined);
    }
    await screenshot(page, 'diagnostics');
    await page.mouse.move(5, 300);
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close Panel');
    await lines.click();
    await page.keyboard.press('Control+Z');
    await waitForText(lines, 'flatten', 5_000);

    // The summary and diagram webviews.
    await lines.locator('.view-line', { hasText: 'dense(128, relu)' }).click();
    await runCommand(page, 'nnet: Show Model Summary');
    const summaryFrame = await webviewText(page, 'Total params', 30_000);
    check(
      'the summary panel shows the total',
      summaryFrame.includes('1,199,882'),
      summaryFrame.slice(0, 80).replace(/\s+/g, ' '),
    );
    await screenshot(page, 'summary');
    await lines.locator('.view-line', { hasText: 'dense(128, relu)' }).click();
    await runCommand(page, 'nnet: Show Network Diagram');
    // The boxes show each layer's kind and shape (not its name); the legend is the diagram's own.
    const diagramText = await webviewText(page, 'reshaping', 30_000);
    check(
      'the diagram panel draws the layers',
      diagramText.includes('maxpool2d') && diagramText.includes('[12, 12, 64]'),
      '',
    );
    await screenshot(page, 'diagram');

    // The compiler's IR for a target, read-only beside the file.
    await lines.locator('.view-line', { hasText: 'dense(128, relu)' }).click();
    await runCommand(page, 'nnet: Show Compiler IR');
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'ONNX' })
      .first()
      .click({ timeout: 10_000 });
    const irTab = page.locator('.tab.active', { hasText: '.onnx.ir' });
    await irTab.waitFor({ timeout: 30_000 });
    const irLines = page.locator('.editor-instance .monaco-editor .view-lines').last();
    const irShown = await waitForText(irLines, 'merge-dense', 20_000);
    // Monaco renders spaces as no-break spaces.
    const irText = ((await irLines.textContent().catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
    check(
      'the IR view shows the ONNX IR of the model',
      irShown && irText.includes('conv(') && irText.includes('nnc compile FILE -m MnistCnn'),
      irText.slice(0, 80),
    );
    await screenshot(page, 'ir-view');

    // A graph with skip connections: residual.nnet has two models, so the command asks which.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('residual.nnet');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'residual.nnet' }).waitFor({ timeout: 10_000 });
    await runCommand(page, 'nnet: Show Network Diagram');
    await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'Deep' })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const residualText = await webviewText(page, 'ResidualDense', 30_000).catch(() => '');
    check("the residual diagram draws the blocks' layers", residualText.includes('add'), '');
    await screenshot(page, 'diagram-residual');

    // Data files are checked as you type: the workspace has the examples' .nnet files but not
    // their data/ folder, so titanic-style.nnet's CSV is missing (NN4153, a warning).
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('titanic-style.nnet');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page
      .locator('.tab.active', { hasText: 'titanic-style.nnet' })
      .waitFor({ timeout: 10_000 });
    const warned = await page
      .locator('.monaco-editor .squiggly-warning')
      .first()
      .waitFor({ timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    await page.keyboard.press('Control+Shift+M');
    const dataProblems =
      (await page
        .locator('.markers-panel')
        .textContent()
        .catch(() => '')) ?? '';
    check(
      'a missing CSV is underlined and listed (NN4153)',
      warned && dataProblems.includes('NN4153') && dataProblems.includes('titanic-style.csv'),
      dataProblems.slice(0, 160).replace(/\s+/g, ' '),
    );
    await screenshot(page, 'data-file');
    await page.keyboard.press('Control+1');

    // Train This Run, with no settings: the .vsix's own nnc under code-server's Node, in a
    // workspace without node_modules. It writes a checkpoint; a second run reuses the terminal.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('xor-train.nnet');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'xor-train.nnet' }).waitFor({ timeout: 10_000 });
    await runCommand(page, 'nnet: Train This Run');
    const terminalTab = page.locator('.terminal-tabs-entry, .single-terminal-tab', {
      hasText: 'nnet: train XorTrain',
    });
    const opened = await terminalTab
      .first()
      .waitFor({ timeout: 20_000 })
      .then(
        () => true,
        () => false,
      );
    check('Train This Run opens a terminal "nnet: train XorTrain"', opened);
    // The learning curves are written once training is over (the checkpoint after every epoch).
    const out = path.join(workspace, 'out', 'XorTrain');
    const trained = await waitFor(() => fs.existsSync(path.join(out, 'curves.svg')), 90_000);
    check(
      'the bundled nnc trains the run to its end (out/XorTrain/: checkpoint, curves)',
      trained && fs.existsSync(path.join(out, 'checkpoint.safetensors')),
    );
    await page.waitForTimeout(1500); // the last lines reach the terminal
    await screenshot(page, 'train');
    const terminalText =
      (await page
        .locator('.terminal-wrapper')
        .first()
        .textContent()
        .catch(() => '')) ?? '';
    check(
      'the terminal shows no npm error',
      !/npm error|404/.test(terminalText),
      terminalText.slice(-120).replace(/\s+/g, ' '),
    );
    await runCommand(page, 'nnet: Train This Run');
    await page.waitForTimeout(3000);
    const terminals = await page
      .locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: 'nnet: train XorTrain' })
      .count();
    const listed = await page.locator('.terminal-tabs-entry').count();
    check(
      'training again reuses the terminal',
      listed <= 1 && terminals === 1,
      `${listed} terminal tabs`,
    );
  } finally {
    closing = true;
    await browser.close();
  }
}

async function waitFor(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

async function waitForText(locator, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const content = (await locator.textContent().catch(() => '')) ?? '';
    if (content.includes(text)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** `promise`, or `fallback` after `ms`: a frame that is being replaced never answers evaluate(). */
function within(ms, promise, fallback) {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise((resolve) => setTimeout(() => resolve(fallback), ms)),
  ]);
}

/** True when `frame` and every iframe around it are shown (VS Code loads a webview hidden, then swaps it in). */
async function frameShown(frame) {
  for (let f = frame; f && f.parentFrame(); f = f.parentFrame()) {
    const element = await within(2000, f.frameElement(), null);
    if (!element) return false;
    const shown = await within(
      2000,
      element.evaluate((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return (
          style.visibility !== 'hidden' &&
          style.display !== 'none' &&
          style.opacity !== '0' &&
          box.width > 0 &&
          box.height > 0
        );
      }),
      false,
    );
    if (!shown) return false;
  }
  return true;
}

/**
 * The text of the shown webview whose document contains `marker` (webviews nest two iframes),
 * once its content has had a moment to paint.
 */
async function webviewText(page, marker, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const text = await within(
        2000,
        frame.evaluate(() => document.body?.innerText ?? ''),
        '',
      );
      if (text.includes(marker) && (await frameShown(frame))) {
        await page.waitForTimeout(1000);
        return text;
      }
    }
    await page.waitForTimeout(500);
  }
  return '';
}

// --- main ----------------------------------------------------------------------------------------

const codeServer = installCodeServer();
const vsix = packageExtension();
const profile = prepareProfile(codeServer, vsix);
const server = startCodeServer(profile);
const watchdog = setTimeout(() => {
  log('gave up after 10 minutes');
  server.kill();
  process.exit(2);
}, 600_000);
try {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  log(`code-server is up on port ${port}`);
  await drive(profile.workspace);
} finally {
  clearTimeout(watchdog);
  server.kill();
}
const failed = checks.filter((c) => !c.ok);
log(`${checks.length - failed.length} passed, ${failed.length} failed`);
process.exitCode = failed.length === 0 ? 0 : 1;
