import { TestClient, fileUri, marked } from './client.js';
const c = await TestClient.start();
const cases = [
  'model M {\n  input x: [4]\n  <|>\n}',
  'model M {\n  input x: [4]\n  h = dense(3)\n  h -> <|>\n}',
  'model M {\n  input x: [4]\n  dense(<|>\n}',
  'model M {\n  input x: [4]\n  dense(3, <|>\n}',
  'model M {\n  input x: [4, 4, 1]\n  conv2d(3, padding = <|>\n}',
  'model M {\n  input x: [4, 4, 1]\n  conv2d(3, padding = "<|>\n}',
  'model M {\n  input x: [4]\n  dense(3, use_bias = <|>)\n}',
  'model M {\n  input x: [4]\n}\ntrain M {\n  <|>\n}',
  'model M {\n  input x: [4]\n}\ntrain M {\n  loss = <|>\n}',
  'model M {\n  input x: [4]\n}\ntrain M {\n  optimizer = adam(<|>)\n}',
  'model M {\n  input x: [4]\n}\ntrain M {\n  metrics = [<|>]\n}',
  'model M {\n  input x: [4]\n}\ntrain M {\n  metrics = [accuracy]\n  early_stop = { monitor = <|> }\n}',
  'model M {\n  input x: [4]\n  dense(2) with { <|> }\n}',
  'model M {\n  input x: [4]\n  dense(2) with { init = <|> }\n}',
  '<|>',
  'train <|>',
  'model M {\n  input x: [4]\n}\ntrain M {\n  data = <|>\n}',
  'const k = 3\nblock B(w) {\n  dense(<|>)\n}',
  'model M {\n  input x: [4]\n  a = dense(2)\n  b = dense(2)\n  add(<|>)\n}',
];
let i = 0;
for (const src of cases) {
  const uri = fileUri(`/tmp/scratch/c${i++}.nnet`);
  const m = await c.openMarked(uri, src);
  const items = await c.request<any[]>('textDocument/completion', { textDocument: { uri }, position: m.position });
  console.log(JSON.stringify(src.replace(/\n/g, '⏎')), '→', items.map((x) => x.label).join(' ').slice(0, 400));
  const sig = await c.request<any>('textDocument/signatureHelp', { textDocument: { uri }, position: m.position });
  if (sig) console.log('   sig:', sig.signatures[0].label, sig.activeParameter);
}
console.log(c.logs.join('\n'));
await c.stop();
