# The PyTorch side of bench/train-speed.ts, in the protocol of bench/side-node.ts: builds the
# workload's layers (same loss, optimizer and batch) on the data files the Node runner wrote, warms
# up, prints {"ready": true, "note"}, then answers each stdin line `run SECONDS` with
# {"samples", "wallSeconds", "cpuSeconds"}. Run with /usr/bin/python3 (Debian's python3-torch);
# the runner picks the BLAS through LD_LIBRARY_PATH and the thread count through the request.

import json
import os
import sys
import time

import numpy
import torch


class LastStep(torch.nn.Module):
    """An LSTM over [batch, steps, features] that returns its last hidden state, as nnet's lstm."""

    def __init__(self, features, units):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, units, batch_first=True)

    def forward(self, x):
        output, _ = self.lstm(x)
        return output[:, -1, :]


def build_model(workload):
    """torch layers for the workload; images arrive channels first (permuted once in main)."""
    shape = list(workload["inputShape"])
    if len(shape) == 3:
        shape = [shape[2], shape[0], shape[1]]
    layers = []
    for layer in workload["layers"]:
        kind = layer["kind"]
        if kind == "dense":
            layers.append(torch.nn.Linear(shape[0], layer["units"]))
            shape = [layer["units"]]
            if layer["activation"] == "relu":
                layers.append(torch.nn.ReLU())
        elif kind == "conv2d":
            layers.append(torch.nn.Conv2d(shape[0], layer["filters"], layer["kernel"]))
            layers.append(torch.nn.ReLU())
            k = layer["kernel"]
            shape = [layer["filters"], shape[1] - k + 1, shape[2] - k + 1]
        elif kind == "maxpool2d":
            size = layer["size"]
            layers.append(torch.nn.MaxPool2d(size))
            shape = [shape[0], shape[1] // size, shape[2] // size]
        elif kind == "flatten":
            layers.append(torch.nn.Flatten())
            shape = [int(numpy.prod(shape))]
        elif kind == "lstm":
            layers.append(LastStep(shape[1], layer["units"]))
            shape = [layer["units"]]
        else:
            raise ValueError(f"unknown layer kind {kind}")
    return torch.nn.Sequential(*layers)


def main(request):
    torch.set_num_threads(request["threads"])
    torch.manual_seed(request["seed"])
    workload = request["workload"]
    batch = workload["batch"]
    model = build_model(workload)
    cross_entropy = workload["loss"] == "cross_entropy"
    # CrossEntropyLoss takes logits and class indices (log-softmax fused in); MSELoss is the mean.
    loss_fn = torch.nn.CrossEntropyLoss() if cross_entropy else torch.nn.MSELoss()
    settings = workload["optimizer"]
    if settings["name"] == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=settings["learningRate"], eps=1e-7)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=settings["learningRate"])

    sample_shape = workload["inputShape"]
    x = torch.from_numpy(numpy.fromfile(request["files"]["x"], dtype="<f4")).reshape(-1, *sample_shape)
    if len(sample_shape) == 3:
        x = x.permute(0, 3, 1, 2).contiguous()  # nnet's [h, w, c] → torch's [c, h, w], once
    if cross_entropy:
        y = torch.from_numpy(numpy.fromfile(request["files"]["y"], dtype="<i4").astype("int64"))
    else:
        outputs = workload["layers"][-1]["units"]
        y = torch.from_numpy(numpy.fromfile(request["files"]["y"], dtype="<f4")).reshape(-1, outputs)
    batches = x.shape[0] // batch
    xs = [x[b * batch : (b + 1) * batch].contiguous() for b in range(batches)]
    ys = [y[b * batch : (b + 1) * batch].contiguous() for b in range(batches)]

    def train_step(b):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xs[b]), ys[b])
        loss.backward()
        optimizer.step()
        loss.item()  # read the loss back, as nnet's trainStep returns it

    def infer_step(b):
        with torch.inference_mode():
            torch.softmax(model(xs[b]), dim=1).numpy()  # probabilities, as nnet's predict

    if workload["mode"] == "infer":
        model.eval()
        step = infer_step
    else:
        step = train_step
    index = 0

    def run_for(seconds):
        nonlocal index
        cpu_start = time.process_time()  # all threads of this process
        start = time.perf_counter()
        end = start + seconds
        steps = 0
        while True:
            step(index % batches)
            index += 1
            steps += 1
            now = time.perf_counter()
            if now >= end:
                break
        return {
            "samples": steps * batch,
            "wallSeconds": now - start,
            "cpuSeconds": time.process_time() - cpu_start,
        }

    run_for(request["warmupSeconds"])
    reply({"ready": True, "note": describe(request["threads"])})
    for line in sys.stdin:
        command, seconds = line.split()
        if command != "run":
            raise ValueError(f"unknown command {line}")
        reply(run_for(float(seconds)))


def reply(value):
    print(json.dumps(value), flush=True)


def describe(threads):
    """torch's version and threads, and the BLAS libraries this process actually mapped."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
        names = ("blas", "lapack", "mkl_")
        blas = sorted(os.path.basename(p) for p in paths if any(n in os.path.basename(p) for n in names))
    except OSError:
        blas = ["unknown"]
    variables = ", ".join(
        f"{name}={os.environ[name]}"
        for name in (
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
            "OMP_WAIT_POLICY",
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
        )
        if name in os.environ
    )
    return (
        f"torch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()} "
        f"(asked {threads}), mapped {', '.join(blas) or 'no BLAS'}; {variables}"
    )


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
