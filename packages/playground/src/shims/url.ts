// `node:url` for the browser bundles: file URLs ↔ POSIX paths of the in-memory folder.

export function fileURLToPath(url: string | URL): string {
  const href = typeof url === 'string' ? url : url.href;
  if (!href.startsWith('file://')) throw new TypeError(`not a file URL: ${href}`);
  return decodeURIComponent(new URL(href).pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL(`file://${path.split('/').map(encodeURIComponent).join('/')}`);
}

export default { fileURLToPath, pathToFileURL };
