// Drives the built playground in Chromium (playwright-core, headless): a shape error's squiggle and
// message, the fix's inlay shape, the spiral to ≥ 95 % and its replay, examples, Format, a shared
// link; large products split across Web Workers with the bits of one thread; screenshots in
// screenshots/. Skipped, saying why, without /usr/bin/chromium (.ci/run adds it).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pauseAndRecordOrder, stepAndRecordSteps } from './in-page.js';

const CHROMIUM = process.env.NNET_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const screenshots = path.join(here, 'screenshots');
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `playground browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );

const BROKEN = 'model Digits {\n  input image: [28, 28]\n  dense(10, softmax)\n}\n';

describe.skipIf(!haveChromium)('the playground in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(here, 'scripts/build.mjs')], {
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`playground build failed:\n${build.stderr}`);
    const serveScript = pathToFileURL(path.join(here, 'scripts/serve.mjs')).href;
    const { startServer } = (await import(serveScript)) as {
      startServer(port: number): Promise<Server>;
    };
    server = await startServer(0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu'],
      headless: true,
    });
    fs.mkdirSync(screenshots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function openPage(address = url): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(address);
    // The first check has come back: diagnostics published, views requested.
    await page.waitForSelector('body[data-checked]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    return page;
  }

  const lossPoints = (page: Page) =>
    page.evaluate(() =>
      (
        globalThis as unknown as {
          nnetPlayground: { lossPoints(): { train: number; test: number } };
        }
      ).nnetPlayground.lossPoints(),
    );

  const editorText = (page: Page) =>
    page.evaluate(() =>
      (globalThis as unknown as { nnetPlayground: { text(): string } }).nnetPlayground.text(),
    );

  it('shows a shape error with its message, then the inlay shape once it is fixed', async () => {
    const page = await openPage();
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(BROKEN);
    const squiggle = page.locator('.cm-lintRange-error');
    await squiggle.first().waitFor({ timeout: 20_000 });
    expect(await squiggle.first().textContent()).toBe('dense');
    await squiggle.first().hover();
    const tooltip = page.locator('.cm-tooltip-lint');
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.textContent()).toContain('`dense` expects a 1-D input [n], got [28, 28]');
    await page.screenshot({ path: path.join(screenshots, 'shape-error.png') });

    // The fix: `flatten` on its own line after the input.
    await page.click('.cm-line:has-text("input image")');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('flatten');
    await page.waitForFunction(
      () => document.querySelectorAll('.cm-lintRange-error').length === 0,
      undefined,
      { timeout: 20_000 },
    );
    const hints = page.locator('.cm-inlay-hint');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.cm-inlay-hint')].some((h) =>
          h.textContent?.includes('[784]'),
        ),
      undefined,
      { timeout: 20_000 },
    );
    const labels = await hints.allTextContents();
    expect(labels.some((l) => l.includes('[784]'))).toBe(true);
    expect(labels.some((l) => l.includes('[10]') && l.includes('7,850'))).toBe(true);
    expect(await editorText(page)).toBe(
      'model Digits {\n  input image: [28, 28]\n  flatten\n  dense(10, softmax)\n}\n',
    );
    // The views follow the text: the summary counts 784 · 10 + 10 parameters.
    await page.waitForFunction(
      () => document.getElementById('summary')?.textContent?.includes('7,850'),
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.locator('#diagram svg').count()).toBe(1);
    await page.keyboard.press('Escape'); // closes the completion list for the picture
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(screenshots, 'fixed-inlay-shapes.png') });
    await page.close();
  }, 90_000);

  it('trains the spiral to at least 95 % training accuracy in the page', async () => {
    const page = await openPage();
    expect(await editorText(page)).toContain('spiral(points = 100, classes = 3)');
    // Step takes one optimizer step; Reset brings back the same initial weights (same seed).
    // The trainer's first report: the untrained model (the page starts with – everywhere).
    await page.waitForFunction(
      () => document.getElementById('steps')?.textContent === '0',
      undefined,
      { timeout: 30_000 },
    );
    const untrained = await page.textContent('#train-loss');
    expect(Number(untrained)).toBeCloseTo(Math.log(3), 1);
    await page.click('#step');
    await page.waitForFunction(() => document.getElementById('steps')?.textContent === '1');
    expect(await page.textContent('#train-loss')).not.toBe(untrained);
    await page.click('#reset');
    await page.waitForFunction(() => document.getElementById('steps')?.textContent === '0');
    expect(await page.textContent('#train-loss')).toBe(untrained);
    await page.click('#play');
    await page.waitForFunction(
      () => Number.parseFloat(document.getElementById('train-accuracy')?.textContent ?? '') >= 95,
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    await page.click('#pause');
    await page.waitForSelector('body[data-training="paused"]');
    const accuracy = Number.parseFloat((await page.textContent('#train-accuracy')) ?? '');
    expect(accuracy).toBeGreaterThanOrEqual(95);
    expect(Number(await page.textContent('#steps'))).toBeGreaterThan(0);
    // The training curve has a point per step, or per mean of a few steps (at most 64 a report).
    expect((await lossPoints(page)).train).toBeGreaterThan(50);
    // The loss fell from its start (ln 3 ≈ 1.0986 for three balanced classes).
    expect(Number(await page.textContent('#train-loss'))).toBeLessThan(0.5);
    // The trainer checked the WebAssembly SIMD product against the JS loops and uses it, on
    // every core the browser reports (large products only: the spiral's never start the pool).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.textContent('#kernels')).toBe(
      `WebAssembly SIMD for large products${cores > 1 ? ` on ${cores} threads` : ''}, JavaScript for small ones`,
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(screenshots, 'spiral-trained.png') });
    // The replay: the first recorded picture is the untrained model's (after Reset, step 0), and
    // the figures above it follow it: step 0's loss, marked as a replay of so many steps.
    const steps = Number(await page.textContent('#steps'));
    const readoutIds = ['epoch', 'steps', 'train-loss', 'train-accuracy'];
    const readout = () =>
      page.evaluate(
        (ids) => ids.map((id) => document.getElementById(id)?.textContent ?? ''),
        readoutIds,
      );
    const live = await readout();
    const lastPicture = (await page.getAttribute('#replay', 'max')) ?? '';
    expect(Number(lastPicture)).toBeGreaterThan(0);
    await page.fill('#replay', '0');
    await page.dispatchEvent('#replay', 'input');
    const ofSteps = `of ${steps.toLocaleString('en-US')} (replay)`;
    expect(await readout()).toEqual(['0', `0 ${ofSteps}`, untrained, expect.any(String)]);
    expect(await page.textContent('#replay-label')).toBe(`step 0 ${ofSteps}`);
    expect(Number.parseFloat((await page.textContent('#train-accuracy')) ?? '')).toBeLessThan(60);
    expect(await page.getAttribute('#readout', 'class')).toContain('replay');
    await page
      .locator('#train-pane')
      .screenshot({ path: path.join(screenshots, 'spiral-replay-start.png') });
    // Back to the last picture: the live figures again.
    await page.fill('#replay', lastPicture);
    await page.dispatchEvent('#replay', 'input');
    expect(await page.textContent('#replay-label')).toBe(`live · step ${steps}`);
    expect(await readout()).toEqual(live);
    expect(await page.getAttribute('#readout', 'class')).not.toContain('replay');
    await page.close();
  }, 90_000);

  it('loads an example, formats on request, and shows HTML in a doc comment as text in hover', async () => {
    const page = await openPage();
    await page.selectOption('#examples', 'xor-train.nnet');
    expect(await editorText(page)).toContain('model XorTrain {');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('model  Tiny{\ninput x:[2]\n    dense(1,sigmoid)\n}');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.cm-inlay-hint')].some((h) =>
          h.textContent?.includes('3 params'),
        ),
      undefined,
      { timeout: 20_000 },
    );
    // Completion lists the vocabulary with its documentation: `dro` typed before the closing brace.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Home');
    await page.keyboard.type('dro');
    await page.keyboard.press('Control+Space');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await completion.waitFor({ timeout: 20_000 });
    expect(await completion.locator('li').first().textContent()).toContain('dropout');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    expect(await editorText(page)).toBe('model  Tiny{\ninput x:[2]\n    dense(1,sigmoid)\n}');
    await page.click('#format');
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { nnetPlayground: { text(): string } }).nnetPlayground.text() ===
        'model Tiny {\n  input x: [2]\n  dense(1, sigmoid)\n}\n',
      undefined,
      { timeout: 20_000 },
    );

    // A doc comment is shown in hover as Markdown: HTML in it is text, never markup that runs.
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(
      '/// Tiny <img src=x onerror="window.__hacked = 1"> net\nmodel Tiny {\n  input x: [2]\n  dense(2)\n}\n',
    );
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.cm-inlay-hint')].some((h) =>
          h.textContent?.includes('6 params'),
        ),
      undefined,
      { timeout: 20_000 },
    );
    await page.locator('.cm-line:has-text("model Tiny") >> text=Tiny').hover();
    const hover = page.locator('.cm-tooltip-hover');
    await hover.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    expect(await hover.textContent()).toContain('Tiny  net');
    expect(await hover.locator('img').count()).toBe(0);
    expect(
      await page.evaluate(() => (globalThis as { __hacked?: number }).__hacked),
    ).toBeUndefined();
    await page.close();
  }, 90_000);

  it('splits large products across Web Workers with the bits of one thread', async () => {
    const page = await openPage();
    // A module worker from a Blob, importing the runtime module the playground serves; it
    // multiplies on 1 thread, then on 2 (itself and one Web Worker of the pool), until the pool's
    // worker has run chunks of a product.
    const result = await page.evaluate(async (runtimeUrl) => {
      const program = `
        import * as rt from '${runtimeUrl}';
        rt.setKernels('wasm');
        const [m, k, n] = [64, 784, 128];
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
        const products = [0, 1, 2].map(() => ({
          a: Float32Array.from({ length: m * k }, random),
          b: Float32Array.from({ length: k * n }, random),
        }));
        const multiply = ({ a, b }) => {
          const out = new Float32Array(m * n).fill(NaN);
          rt.matmul(a, b, out, m, k, n);
          return out;
        };
        rt.setWebWorkerThreads(1);
        const one = products.map(multiply);
        rt.setWebWorkerThreads(2);
        let same = true;
        let rounds = 0;
        const deadline = Date.now() + 20000;
        while (((rt.poolStatistics()?.workerChunks ?? 0) === 0 || rounds < 3) && Date.now() < deadline) {
          const i = rounds++ % 3;
          const two = multiply(products[i]);
          same &&= two.every((v, j) => Object.is(v, one[i][j]));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        postMessage({ same, rounds, threads: rt.getThreads(), statistics: rt.poolStatistics() });
      `;
      const url = URL.createObjectURL(new Blob([program], { type: 'text/javascript' }));
      const worker = new Worker(url, { type: 'module' });
      const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data as Record<string, unknown>);
        worker.onerror = (event) => reject(new Error(event.message));
      });
      worker.terminate();
      // The page's own thread may not block in Atomics.wait: more than one thread is refused.
      // (Through Function: the test runner would rewrite a literal import() for Node.)
      const load = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
      const rt = (await load(runtimeUrl)) as { setWebWorkerThreads(n: number): void };
      let refused = '';
      try {
        rt.setWebWorkerThreads(2);
      } catch (error) {
        refused = (error as Error).message;
      }
      const outcome: Record<string, unknown> = {
        ...report,
        isolated: crossOriginIsolated,
        refused,
      };
      return outcome;
    }, `${url}nnet-runtime.js`);
    expect(result.isolated).toBe(true);
    expect(result.threads).toBe(2);
    expect(result.same).toBe(true);
    const statistics = result.statistics as { workerChunks: number; products: number };
    expect(statistics.workerChunks).toBeGreaterThan(0);
    expect(statistics.products).toBeGreaterThanOrEqual(3);
    expect(result.refused).toMatch(/may not block in Atomics.wait .*train inside a Web Worker/);
    await page.close();
  }, 90_000);

  it('loads only what it needs at start: under 1 MB gzip, without MNIST', async () => {
    const page = await browser.newPage();
    const files: string[] = [];
    // The files from the server (the compiled model comes as a blob: URL, made in the page).
    page.on('response', (response) => {
      if (response.url().startsWith(url)) files.push(new URL(response.url()).pathname);
    });
    await page.goto(url);
    await page.waitForSelector('body[data-checked]', { timeout: 30_000 });
    // The trainer loads after the first check: the untrained model's pictures.
    await page.waitForFunction(() => document.getElementById('data-info')?.textContent !== '');
    await page.waitForTimeout(300);
    const dist = path.join(here, 'dist');
    const sizes = files.map((file) => {
      const bytes = fs.readFileSync(path.join(dist, file === '/' ? 'index.html' : file));
      return file.endsWith('.gz') ? bytes.length : zlib.gzipSync(bytes, { level: 9 }).length;
    });
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(
      `playground initial load: ${(total / 1024).toFixed(1)} KB gzip (${files.join(' ')})`,
    );
    expect(files).toEqual(
      expect.arrayContaining(['/app.js', '/lsp-worker.js', '/train-worker.js']),
    );
    expect(files.some((file) => file.includes('mnist'))).toBe(false);
    expect(total).toBeLessThan(1024 * 1024);
    await page.close();
  }, 90_000);

  it('fits the model to the data menu, trains moons with a held-out part, stops at epochs', async () => {
    const page = await openPage();
    await page.selectOption('#dataset', 'moons');
    // Moons has one 0/1 label: the menu turned the 3-class softmax into one sigmoid unit.
    await page.waitForFunction(() =>
      (globalThis as unknown as { nnetPlayground: { text(): string } }).nnetPlayground
        .text()
        .includes('loss = binary_cross_entropy'),
    );
    await page.fill('#noise', '0.3');
    await page.dispatchEvent('#noise', 'change');
    await page.fill('#ratio', '0.7');
    await page.dispatchEvent('#ratio', 'change');
    const text = await editorText(page);
    expect(text).toContain('  dense(1, sigmoid)\n');
    expect(text).toContain('data = moons(samples = 200, noise = 0.3)');
    expect(text).toContain('split = [0.7, 0.3]');
    await page.waitForFunction(
      () => document.getElementById('data-info')?.textContent === 'moons: 200 samples',
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.isVisible('#train-message')).toBe(false);
    await page.click('#play');
    await page.waitForFunction(
      () => Number(document.getElementById('steps')?.textContent) >= 1500,
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    await page.click('#pause');
    await page.waitForSelector('body[data-training="paused"]');
    expect(Number.parseFloat((await page.textContent('#train-accuracy')) ?? '')).toBeGreaterThan(
      85,
    );
    expect(Number.parseFloat((await page.textContent('#test-accuracy')) ?? '')).toBeGreaterThan(80);
    const points = await lossPoints(page);
    expect(points.train).toBeGreaterThan(50);
    expect(points.test).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(300);
    await page
      .locator('#train-pane')
      .screenshot({ path: path.join(screenshots, 'moons-held-out.png') });

    // The gaussians' noise is their `std`.
    await page.selectOption('#dataset', 'blobs');
    await page.fill('#noise', '0.5');
    await page.dispatchEvent('#noise', 'change');
    expect(await editorText(page)).toContain('data = blobs(samples = 300, centers = 3, std = 0.5)');
    expect(await editorText(page)).toContain('  dense(3, softmax)\n');

    // A model that cannot take the data: the message, and Play trains nothing (not the last model).
    await page.selectOption('#dataset', 'mnist');
    await page.locator('#train-message:has-text("NN4002")').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#train-message')).toContain('`mnist` gives inputs');
    await page.click('#play');
    await page.waitForTimeout(1500);
    expect(await page.textContent('#steps')).toBe('–');
    expect(await page.isVisible('#plane-box')).toBe(false);

    // Training stops at the train block's epochs: xor-train's 1,000 full batches.
    await page.selectOption('#examples', 'xor-train.nnet');
    await page.waitForFunction(
      () => document.getElementById('data-info')?.textContent === 'xor: 4 samples',
      undefined,
      { timeout: 20_000 },
    );
    await page.click('#play');
    await page.locator('#train-message:has-text("epochs = 1000")').waitFor({ timeout: 60_000 });
    expect(await page.textContent('#steps')).toBe('1000');
    expect(await page.textContent('#train-accuracy')).toBe('100.0 %');
    await page.close();
  }, 120_000);

  it('trains the MNIST subset shipped with the page and shows its guesses', async () => {
    const page = await openPage();
    await page.selectOption('#examples', 'mnist-mlp.nnet');
    await page.fill('#ratio', '0.9');
    await page.dispatchEvent('#ratio', 'change');
    await page.waitForFunction(
      () =>
        document.getElementById('data-info')?.textContent === 'mnist (2,000 images): 2000 samples',
      undefined,
      { timeout: 30_000 },
    );
    await page.click('#play');
    // Five epochs of 1,800 images, as its train block says, then it stops.
    await page.locator('#train-message:has-text("epochs = 5")').waitFor({ timeout: 90_000 });
    expect(await page.textContent('#epoch')).toBe('5');
    expect(await page.getAttribute('#train-message', 'class')).toContain('notice');
    expect(Number.parseFloat((await page.textContent('#train-accuracy')) ?? '')).toBeGreaterThan(
      90,
    );
    expect(Number.parseFloat((await page.textContent('#test-accuracy')) ?? '')).toBeGreaterThan(80);
    expect(await page.isVisible('#plane-box')).toBe(false);
    expect(await page.locator('#digits .digit').count()).toBe(24);
    expect(await page.textContent('#digits .neuron-title')).toContain('held-out');
    await page.waitForTimeout(300);
    await page
      .locator('#train-pane')
      .screenshot({ path: path.join(screenshots, 'mnist-trained.png') });
    await page.close();
  }, 150_000);

  it('takes a Step while a CNN evaluates its 2,000 images, between two chunks', async () => {
    const page = await openPage();
    await page.selectOption('#examples', 'mnist-cnn.nnet');
    // `loaded` comes just before the trainer evaluates the untrained model on all 2,000 images
    // (seconds for this CNN, in chunks). Step at once, and record what the steps cell shows.
    await page.waitForFunction(
      () =>
        document.getElementById('data-info')?.textContent === 'mnist (2,000 images): 2000 samples',
      undefined,
      { timeout: 60_000 },
    );
    const before = await page.evaluate(stepAndRecordSteps);
    expect(before).toBe('–');
    await page.waitForFunction(
      () => document.getElementById('steps')?.textContent === '1',
      undefined,
      {
        timeout: 150_000,
        polling: 250,
      },
    );
    // The evaluation under way gave way to the step: the untrained model's figures (step 0) never
    // came, only those after the step.
    const seen = await page.evaluate(
      () => (globalThis as unknown as { stepsSeen: string[] }).stepsSeen,
    );
    expect(seen).toEqual(['1']);
    expect(Number(await page.textContent('#train-loss'))).toBeGreaterThan(0);
    expect(await page.getAttribute('body', 'data-training')).toBe('paused');
    await page.waitForTimeout(300);
    await page
      .locator('#train-pane')
      .screenshot({ path: path.join(screenshots, 'mnist-cnn-step.png') });

    // Pause while it trains: the page says paused before any figure comes (the figures of the
    // report under way, or of the pause, which evaluates the 2,000 images again).
    await page.click('#play');
    const order = await page.evaluate(pauseAndRecordOrder);
    expect(order).toEqual(['paused']);
    await page.close();
  }, 240_000);

  it('reads the examples as files next to the model; trains generated regression data', async () => {
    const page = await openPage();
    // imports.nnet imports "blocks.nnet", another example: its blocks resolve and get shapes.
    await page.selectOption('#examples', 'imports.nnet');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.cm-inlay-hint')].some((h) =>
          h.textContent?.includes('[7, 7, 64]'),
        ),
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);

    // `function("sin(2*x) + x/2", …)`: made in the page, a regression the model learns.
    await page.selectOption('#examples', 'universal-approximation.nnet');
    await page.waitForFunction(
      () => document.getElementById('data-info')?.textContent === 'function: 400 samples',
      undefined,
      { timeout: 30_000 },
    );
    // The untrained model's figures follow the `loaded` report.
    await page.waitForFunction(() => document.getElementById('steps')?.textContent === '0');
    const untrained = Number(await page.textContent('#train-loss'));
    await page.click('#play');
    await page.waitForFunction(
      () => Number(document.getElementById('train-loss')?.textContent) < 0.05,
      undefined,
      { timeout: 60_000, polling: 250 },
    );
    expect(untrained).toBeGreaterThan(0.2);
    expect(await page.textContent('#train-accuracy')).toBe('–');
    // The fit is drawn: the samples and the model's curve; no plane or digits for one input.
    expect(await page.isVisible('#fit')).toBe(true);
    expect(await page.inputValue('#dataset')).toBe(''); // `function` is not one of the menu's
    expect(await page.isVisible('#plane-box')).toBe(false);
    // Pause (it may have stopped at its epochs already, with the button hidden).
    await page.evaluate(() => document.getElementById('pause')?.click());
    await page.waitForSelector('body[data-training="paused"]');
    await page.waitForTimeout(500);
    await page
      .locator('#train-pane')
      .screenshot({ path: path.join(screenshots, 'regression-fit.png') });

    // A source that reads files says so, and what to use instead.
    await page.selectOption('#examples', 'karate-gcn.nnet');
    await page.locator('#train-message:has-text("not `karate_club`")').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#train-message')).toContain('train this one with `nnc train`');
    expect(await page.textContent('#steps')).toBe('–');
    await page.close();
  }, 120_000);

  it('reloads the same model from the shared link', async () => {
    const page = await openPage();
    // The controls edit the train block: a learning rate, a batch and a held-out share.
    await page.fill('#learning-rate', '0.5');
    await page.dispatchEvent('#learning-rate', 'change');
    await page.fill('#batch', '50');
    await page.dispatchEvent('#batch', 'change');
    await page.fill('#ratio', '0.8');
    await page.dispatchEvent('#ratio', 'change');
    const text = await editorText(page);
    expect(text).toContain('optimizer = sgd(lr = 0.5)');
    expect(text).toContain('batch = 50');
    expect(text).toContain('split = [0.8, 0.2]');
    await page.click('#share');
    await page.waitForFunction(() => location.hash.startsWith('#s='));
    const shared = page.url();
    await page.close();

    const reloaded = await openPage(shared);
    expect(await editorText(reloaded)).toBe(text);
    expect(await reloaded.inputValue('#learning-rate')).toBe('0.5');
    await reloaded.close();
  }, 90_000);
});
