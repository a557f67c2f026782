// A kernel file's own row of the kernel table: the IR op kind it computes and its functions by role.
// kernels/index.ts lists the files that declare one, and table.ts collects every KernelRow it finds
// there, so a new kernel is its file and one line in that index (no second list of its functions).

export class KernelRow<Kind extends string, Roles extends object> {
  constructor(
    /** The IR op kind generated code calls these functions for (`rt.kernelTable[opKind]`). */
    readonly opKind: Kind,
    /** The functions by role: `geometry`, `forward`, `backward`, `createState`, … */
    readonly roles: Roles,
  ) {}
}

/** A kernel file's row: `export const fooKernels = kernelRow('foo', { forward, backward })`. */
export function kernelRow<Kind extends string, Roles extends object>(
  opKind: Kind,
  roles: Roles,
): KernelRow<Kind, Roles> {
  return new KernelRow(opKind, roles);
}
