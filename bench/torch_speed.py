# The PyTorch side of bench/train-speed.ts, on one thread, in the protocol of bench/worker.ts:
# builds the same layers (same loss, plain SGD) on the data files the Node script wrote, warms
# up, prints {"ready": true, "note": ...}, then answers each stdin line `run SECONDS` with
# {"samplesPerSecond": ...}. Run with /usr/bin/python3 (Debian's python3-torch).

import json
import sys
import time

import numpy
import torch


def main(request):
    torch.set_num_threads(1)
    torch.manual_seed(request["seed"])
    net = request["net"]
    sizes, batch = net["sizes"], net["batch"]
    layers = []
    for i in range(1, len(sizes)):
        layers.append(torch.nn.Linear(sizes[i - 1], sizes[i]))
        if i < len(sizes) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=net["learningRate"])
    cross_entropy = net["loss"] == "cross_entropy"
    # CrossEntropyLoss takes logits and class indices (log-softmax fused in); MSELoss is the mean.
    loss_fn = torch.nn.CrossEntropyLoss() if cross_entropy else torch.nn.MSELoss()

    x = torch.from_numpy(numpy.fromfile(request["files"]["x"], dtype="<f4")).reshape(-1, sizes[0])
    if cross_entropy:
        y = torch.from_numpy(numpy.fromfile(request["files"]["y"], dtype="<i4").astype("int64"))
    else:
        y = torch.from_numpy(numpy.fromfile(request["files"]["y"], dtype="<f4")).reshape(-1, sizes[-1])
    batches = x.shape[0] // batch
    xs = [x[b * batch : (b + 1) * batch].contiguous() for b in range(batches)]
    ys = [y[b * batch : (b + 1) * batch].contiguous() for b in range(batches)]

    index = 0

    def run_for(seconds):
        nonlocal index
        start = time.perf_counter()
        end = start + seconds
        steps = 0
        while True:
            b = index % batches
            index += 1
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xs[b]), ys[b])
            loss.backward()
            optimizer.step()
            loss.item()  # read the loss back, as nnet's trainStep returns it
            steps += 1
            now = time.perf_counter()
            if now >= end:
                return steps * batch / (now - start)

    run_for(request["warmupSeconds"])
    note = f"torch {torch.__version__}, {torch.get_num_threads()} thread, BLAS {loaded_blas()}"
    reply({"ready": True, "note": note})
    for line in sys.stdin:
        command, seconds = line.split()
        if command != "run":
            raise ValueError(f"unknown command {line}")
        reply({"samplesPerSecond": run_for(float(seconds))})


def reply(value):
    print(json.dumps(value), flush=True)


def loaded_blas():
    """The BLAS library this process mapped (Debian's torch uses whatever libblas.so.3 points to)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line or "mkl_" in line}
        return ", ".join(sorted(paths)) or "unknown"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
