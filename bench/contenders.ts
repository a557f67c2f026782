// The sides of the benchmark, each run in its own process: what engine, how many threads, which
// BLAS (for PyTorch). The table's column labels come from here, so they always say the BLAS.

export type Engine = 'nnet' | 'tfjs-wasm' | 'tfjs-cpu' | 'torch';
export type Blas = 'openblas' | 'reference';

export interface SideSpec {
  /** Short name for the options, the JSON and the table: `torch-openblas-2`. */
  id: string;
  /** The table's column header. */
  label: string;
  engine: Engine;
  threads: number;
  /** For PyTorch: the BLAS its process loads (set up by scripts/setup-openblas.sh). */
  blas?: Blas;
  /** For nnet: false keeps one copy of the model with split products (no copies over the batch). */
  copies?: boolean;
}

export const allSides: readonly SideSpec[] = [
  { id: 'nnet-1', label: 'nnet, 1 worker', engine: 'nnet', threads: 1 },
  { id: 'nnet-2', label: 'nnet, 2 workers', engine: 'nnet', threads: 2 },
  {
    id: 'nnet-2-split',
    label: 'nnet, 2 workers, split products only',
    engine: 'nnet',
    threads: 2,
    copies: false,
  },
  {
    id: 'torch-openblas-1',
    label: 'PyTorch + OpenBLAS, 1 thread',
    engine: 'torch',
    threads: 1,
    blas: 'openblas',
  },
  {
    id: 'torch-openblas-2',
    label: 'PyTorch + OpenBLAS, 2 threads',
    engine: 'torch',
    threads: 2,
    blas: 'openblas',
  },
  {
    id: 'torch-reference-1',
    label: 'PyTorch + reference BLAS, 1 thread',
    engine: 'torch',
    threads: 1,
    blas: 'reference',
  },
  { id: 'tfjs-wasm', label: 'tfjs-wasm, 1 thread', engine: 'tfjs-wasm', threads: 1 },
  { id: 'tfjs-cpu', label: 'tfjs-cpu (pure JS)', engine: 'tfjs-cpu', threads: 1 },
];

/**
 * Run unless `--sides` says otherwise: tfjs-cpu is far behind everyone and slow to measure;
 * nnet-2-split is for comparing nnet's two ways of using 2 threads (`--sides nnet-1,nnet-2,nnet-2-split`).
 */
export const defaultSideIds: readonly string[] = allSides
  .filter((side) => side.id !== 'tfjs-cpu' && side.id !== 'nnet-2-split')
  .map((side) => side.id);

export function findSide(id: string): SideSpec {
  const side = allSides.find((s) => s.id === id);
  if (!side) {
    throw new Error(`no side '${id}'; expected one of ${allSides.map((s) => s.id).join(', ')}`);
  }
  return side;
}
