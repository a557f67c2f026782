// Every other `node:*` module in the browser bundles: reachable from shared compiler code but never
// called in the playground (files come from memory); a call says so instead of failing obscurely.

const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in the browser playground`);
};

export const statSync = unavailable('fs.statSync');
export const readFileSync = unavailable('fs.readFileSync');
export const readdirSync = unavailable('fs.readdirSync');
export const existsSync = () => false;
export const openSync = unavailable('fs.openSync');
export const fstatSync = unavailable('fs.fstatSync');
export const readSync = unavailable('fs.readSync');
export const closeSync = unavailable('fs.closeSync');
export const gunzipSync = unavailable('zlib.gunzipSync');
export const createRequire = unavailable('module.createRequire');
export const tmpdir = () => '/tmp';
export const availableParallelism = () => 1;
export const constants = {};
export default new Proxy({}, { get: (_target, key) => unavailable(`node:${String(key)}`) });
