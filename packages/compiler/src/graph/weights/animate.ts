// The weights view over a whole recording: one self-contained HTML page holding every frame's SVG,
// a scrubber (a range input), play/pause and the arrow keys. No external file or script; each frame
// is the same SVG `renderWeightsSvg` writes, so what the page shows matches the PNG strip.

import { escapeXml } from '../text.js';
import type { NetworkView } from './network.js';
import { renderWeightsSvg, type WeightsFrame, type WeightsSvgOptions } from './svg.js';

/** More frames than this are thinned evenly (the first and last are kept). */
export const MAX_ANIMATION_FRAMES = 120;

/** Up to `limit` frames spread evenly, the first and the last always among them. */
export function pickFrames<T>(frames: readonly T[], limit = MAX_ANIMATION_FRAMES): T[] {
  if (frames.length <= limit) return [...frames];
  const picked = new Set<number>();
  for (let k = 0; k < limit; k++) picked.add(Math.round((k * (frames.length - 1)) / (limit - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => frames[i]);
}

export function renderWeightsAnimation(
  view: NetworkView,
  frames: readonly WeightsFrame[],
  options: WeightsSvgOptions = {},
): string {
  const shown = pickFrames(frames);
  const label = (f: WeightsFrame) =>
    f.step === undefined
      ? `epoch ${f.epoch}`
      : `step ${f.step.toLocaleString('en-US')} · epoch ${f.epoch}`;
  const bodies = shown
    .map(
      (frame, i) =>
        `<div class="frame" data-label="${escapeXml(label(frame))}"${i === shown.length - 1 ? '' : ' hidden'}>\n${renderWeightsSvg(view, frame, options)}</div>`,
    )
    .join('\n');
  const thinned =
    shown.length < frames.length
      ? ` (${shown.length} of ${frames.length} snapshots, evenly spaced)`
      : ` (${frames.length} snapshot${frames.length === 1 ? '' : 's'})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(view.model)}: weights while training</title>
<style>
body { font-family: system-ui, sans-serif; margin: 16px; color: #1e293b; }
.controls { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
.controls input[type=range] { width: min(640px, 70vw); }
.frame svg { max-width: 100%; height: auto; }
</style>
</head>
<body>
<div class="controls">
<button id="play" type="button">▶ play</button>
<input id="scrubber" type="range" min="0" max="${shown.length - 1}" value="${shown.length - 1}" step="1" aria-label="snapshot">
<span id="label"></span>
</div>
<p style="margin:0 0 8px;color:#475569;font-size:13px">Drag the slider or use ← → to move through the recording${escapeXml(thinned)}.</p>
${bodies}
<script>
(function () {
  var frames = document.querySelectorAll('.frame');
  var scrubber = document.getElementById('scrubber');
  var label = document.getElementById('label');
  var play = document.getElementById('play');
  var timer = null;
  function show(i) {
    frames.forEach(function (f, k) { f.hidden = k !== i; });
    scrubber.value = String(i);
    label.textContent = frames[i].getAttribute('data-label');
  }
  scrubber.addEventListener('input', function () { show(Number(scrubber.value)); });
  document.addEventListener('keydown', function (e) {
    var i = Number(scrubber.value);
    if (e.key === 'ArrowRight') show(Math.min(frames.length - 1, i + 1));
    if (e.key === 'ArrowLeft') show(Math.max(0, i - 1));
  });
  play.addEventListener('click', function () {
    if (timer) { clearInterval(timer); timer = null; play.textContent = '▶ play'; return; }
    if (Number(scrubber.value) === frames.length - 1) show(0);
    play.textContent = '❚❚ pause';
    timer = setInterval(function () {
      var i = Number(scrubber.value) + 1;
      if (i >= frames.length) { clearInterval(timer); timer = null; play.textContent = '▶ play'; return; }
      show(i);
    }, 250);
  });
  show(frames.length - 1);
})();
</script>
</body>
</html>
`;
}
