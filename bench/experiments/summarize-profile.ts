// Self time by function (and by source line for the top functions) of a .cpuprofile that
// `node --cpu-prof` wrote: `tsx bench/experiments/summarize-profile.ts FILE.cpuprofile`.

import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const profile = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTicks = new Map<string, number>();
const lineTicks = new Map<string, Map<number, number>>();
for (const id of profile.samples) {
  const node = byId.get(id)!;
  const frame = node.callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  selfTicks.set(key, (selfTicks.get(key) ?? 0) + 1);
}
for (const node of profile.nodes) {
  const frame = node.callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
  const lines = lineTicks.get(key) ?? new Map<number, number>();
  for (const tick of node.positionTicks ?? [])
    lines.set(tick.line, (lines.get(tick.line) ?? 0) + tick.ticks);
  lineTicks.set(key, lines);
}
const total = profile.samples.length;
const top = [...selfTicks].sort((a, b) => b[1] - a[1]).slice(0, 15);
for (const [key, ticks] of top) {
  const hotLines = [...(lineTicks.get(key) ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 4);
  const lines = hotLines
    .map(([line, count]) => `L${line} ${((100 * count) / total).toFixed(1)}%`)
    .join(', ');
  console.log(
    `${((100 * ticks) / total).toFixed(1).padStart(5)}%  ${key}${lines ? `   [${lines}]` : ''}`,
  );
}
