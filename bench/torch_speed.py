# The PyTorch side of bench/train-speed.ts, on one thread: reads the net and the data files the
# Node script wrote, trains the same layers with the same loss and plain SGD for a fixed
# wall-clock budget, and prints one JSON line { samplesPerSecond, runs, note }.
# Run with /usr/bin/python3 (Debian's python3-torch); train-speed.ts passes one JSON argument.

import json
import sys
import time

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

    x = torch.from_numpy(read(request["files"]["x"], "<f4")).reshape(-1, sizes[0])
    if cross_entropy:
        y = torch.from_numpy(read(request["files"]["y"], "<i4").astype("int64"))
    else:
        y = torch.from_numpy(read(request["files"]["y"], "<f4")).reshape(-1, sizes[-1])
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

    timing = request["timing"]
    run_for(timing["warmupSeconds"])
    runs = [run_for(timing["runSeconds"]) for _ in range(timing["runs"])]
    runs_sorted = sorted(runs)
    middle = len(runs_sorted) // 2
    median = runs_sorted[middle] if len(runs_sorted) % 2 else (runs_sorted[middle - 1] + runs_sorted[middle]) / 2
    note = f"torch {torch.__version__}, {torch.get_num_threads()} thread"
    return {"samplesPerSecond": median, "runs": runs, "note": note}


def read(path, dtype):
    import numpy

    return numpy.fromfile(path, dtype=dtype)


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
