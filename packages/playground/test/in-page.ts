// Functions the browser tests run inside the page (page.evaluate sends their text: each is
// self-contained): they click a button and record, in order, what the page then shows.

/** Clicks Step and records each text the steps cell shows from then on (`stepsSeen`); returns
 * the cell's text before the click. */
export function stepAndRecordSteps(): string | null {
  const cell = document.getElementById('steps')!;
  const seen: string[] = [];
  (globalThis as unknown as { stepsSeen: string[] }).stepsSeen = seen;
  new MutationObserver(() => seen.push(cell.textContent ?? '')).observe(cell, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  document.getElementById('step')!.click();
  return cell.textContent;
}

/**
 * While training, right after the first figures come, clicks Pause; then logs `figures` for each
 * new figure and ends with `paused` when the page says training stopped.
 */
export function pauseAndRecordOrder(): Promise<string[]> {
  return new Promise((resolve) => {
    const cell = document.getElementById('steps')!;
    const log: string[] = [];
    let clicked = false;
    new MutationObserver((records) => {
      for (const record of records) {
        const isCell = record.target === cell || record.target.parentNode === cell;
        if (!clicked) {
          if (isCell && document.body.dataset.training === 'running') {
            clicked = true;
            document.getElementById('pause')!.click();
          }
        } else if (isCell) log.push('figures');
        else if (record.target === document.body && record.oldValue === 'running') {
          log.push('paused');
          resolve(log);
        }
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-training'],
      attributeOldValue: true,
    });
  });
}
