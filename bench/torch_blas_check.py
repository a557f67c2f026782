# Which BLAS this PyTorch process runs, and whether it multiplies correctly: prints one JSON line
# with the BLAS libraries mapped into the process, OpenBLAS's build and core (when loaded), the
# OPENBLAS_* variables, the largest error of torch.mm (all three layouts) against float64 sums, and
# the GFLOP/s of one mm. The caller runs it with LD_DEBUG=bindings to see where sgemm_ was bound.

import ctypes
import json
import os
import time

import torch


def mapped_blas():
    """Paths of the BLAS/LAPACK libraries this process mapped (from /proc/self/maps)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return []
    names = ("blas", "lapack", "mkl_")
    return sorted(p for p in paths if any(n in os.path.basename(p) for n in names))


def openblas_facts(paths):
    """OpenBLAS's own description of itself, from the library this process loaded."""
    for path in paths:
        if "openblas" not in os.path.basename(path) or ".so" not in path:
            continue
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_config.restype = ctypes.c_char_p
            library.openblas_get_corename.restype = ctypes.c_char_p
            return {
                "config": library.openblas_get_config().decode(),
                "core": library.openblas_get_corename().decode(),
                "threads": library.openblas_get_num_threads(),
            }
        except (OSError, AttributeError):
            continue
    return None


def matmul_error():
    """Largest |torch.mm − exact| / max|exact| over a·b, aᵀ·b and a·bᵀ (the layouts training uses),
    at layer B's shapes (64 × 784 times 784 × 128)."""
    generator = torch.Generator().manual_seed(7)
    a = torch.randn(64, 784, generator=generator)
    b = torch.randn(784, 128, generator=generator)
    exact = (a.double().unsqueeze(2) * b.double().unsqueeze(0)).sum(1)  # no BLAS involved
    worst = 0.0
    for product in (
        torch.mm(a, b),
        torch.mm(a.t().contiguous().t(), b),
        torch.mm(a, b.t().contiguous().t()),
    ):
        error = (product.double() - exact).abs().max() / exact.abs().max()
        worst = max(worst, float(error))
    return worst


def matmul_gflops():
    """GFLOP/s per CPU-second of a 256 × 256 × 256 torch.mm on one thread: tells BLASes apart.
    CPU time, not wall time, so a busy machine does not make OpenBLAS look like the reference."""
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    torch.mm(a, b)
    repeats, start = 0, time.process_time()
    while time.process_time() - start < 0.2:
        torch.mm(a, b)
        repeats += 1
    return repeats * 2 * 256**3 / (time.process_time() - start) / 1e9


def main():
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    error = matmul_error()  # first, so the BLAS is loaded and bound before we look
    paths = mapped_blas()
    config = torch.__config__.show()
    blas_info = next(
        (part.split("=", 1)[1] for part in config.replace(",", " ").split() if part.startswith("BLAS_INFO=")),
        "unknown",
    )
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "blasInfo": blas_info,
                "mapped": paths,
                "openblas": openblas_facts(paths),
                "environment": {
                    name: os.environ.get(name)
                    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
                },
                "matmulRelativeError": error,
                "matmulGflops": matmul_gflops(),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
