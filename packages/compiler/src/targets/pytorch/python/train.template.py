#!/usr/bin/env python3
#@header
#
#   python train.py [--epochs N] [--batch B] [--lr LR] [--seed S] [--weights CHECKPOINT]
#                   [--out DIR] [--data-dir DIR]
#   torchrun --nproc_per_node=N train.py [the same options]
#
# Under torchrun (WORLD_SIZE > 1) each process trains a DistributedDataParallel copy of the
# model: gloo on CPU, nccl on GPUs (one per process). BATCH is the global batch: each epoch's
# seeded order is dealt out by a DistributedSampler, each process takes BATCH // WORLD_SIZE
# samples per step and DDP averages the gradients, so N processes take the steps one process
# takes with the same BATCH (up to float rounding, when the training set's size divides by N;
# BatchNorm statistics and dropout masks are each process's own). Only rank 0 logs and writes
# checkpoints: nnet checkpoints (safetensors, nnet's names and layouts) that `nnc` reads.

import argparse
import json
import math
import os
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import BatchSampler, DistributedSampler

if __package__:
    from . import nnet_checkpoint, nnet_data
    from .model import MODEL
else:  # run from this folder: python train.py, torchrun train.py
    import nnet_checkpoint
    import nnet_data
    from model import MODEL

#@settings


#@data


#@optimizer


#@loss


#@metrics


# ---------------------------------------------------------------------------------------------
# Training, the same for every run.


def penalty(model):
    """The run's l1 and l2 on the kernels (not biases or normalization weights): L1·Σ|w| + ½·L2·Σw²."""
    total = 0.0
    for weight in model.nnet_kernels() if L1 or L2 else []:
        if L2:
            total = total + 0.5 * L2 * (weight * weight).sum()
        if L1:
            total = total + L1 * weight.abs().sum()
    return total


def train_step(model, optimizer, x, y):
    """One step on a batch: forward in training mode, the loss with its penalties, backward (DDP
    averages the gradients of all processes here), update. Returns the loss before the update."""
    raw = model.module if isinstance(model, DistributedDataParallel) else model
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(scores(model, x), y) + penalty(raw)
    loss.backward()
    optimizer.step()
    return loss.detach()


@torch.no_grad()
def evaluate(model, x, y, device, batch=256):
    """The inference-mode loss (no penalties) and the run's metrics over a whole set."""
    model.eval()
    total, outputs = 0.0, []
    for start in range(0, len(x), batch):
        xb, yb = x[start : start + batch].to(device), y[start : start + batch].to(device)
        s = scores(model, xb)
        total += loss_fn(s, yb).item() * len(xb)
        outputs.append(outputs_from_scores(s).cpu())
    outputs = torch.cat(outputs) if outputs else torch.zeros(0)
    return {"loss": total / max(1, len(x)), "metrics": {name: float(metric(outputs, y)) for name, metric in METRICS.items()}}


def prepare(data):
    """(inputs, targets) as the model and the loss read them: inputs in the model's input shape
    (a channel axis added when the sizes agree), targets class indices for the cross-entropy
    family, else float values (classes become 0/1 or one-hot rows) in the output's shape."""
    (shape, dtype), = MODEL.nnet_inputs.values()
    inputs = torch.from_numpy(data.inputs)
    if tuple(inputs.shape[1:]) != shape:
        if math.prod(inputs.shape[1:]) != math.prod(shape):
            raise nnet_data.DataError(f"the data's samples are {list(inputs.shape[1:])}; the model takes {list(shape)}")
        inputs = inputs.reshape(len(inputs), *shape)
    targets = torch.from_numpy(data.targets)
    outputs = math.prod(OUTPUT_SHAPE)
    if TARGETS_ARE_INDICES:
        if targets.is_floating_point() and targets[0].numel() == 1:
            targets = targets.reshape(-1).long()
    elif not targets.is_floating_point():
        targets = targets.float().reshape(-1, 1) if outputs == 1 else F.one_hot(targets, outputs).float()
    if targets.is_floating_point():
        targets = targets.reshape(len(targets), *OUTPUT_SHAPE)
    return inputs.to(dtype), targets


def split(data, fractions, seed):
    """[train, validation, test] parts by fractions, from one seeded shuffle (in order when SHUFFLE
    is off): part k holds the samples from round(count·(f₀+…+f_{k−1})) to round(count·(f₀+…+f_k))."""
    count = len(data[0])
    order = torch.randperm(count, generator=torch.Generator().manual_seed(seed)) if SHUFFLE else torch.arange(count)
    parts, start, cumulative = [], 0, 0.0
    for k, fraction in enumerate(fractions):
        cumulative += fraction
        end = count if k == len(fractions) - 1 else round(count * cumulative)
        parts.append(tuple(t[order[start:end]] for t in data))
        start = end
    return parts


def higher_is_better(quantity):
    return quantity.removeprefix("val_") not in ("loss", "mse", "mae")


def describe(evaluation, prefix=""):
    words = [f"{prefix}loss {evaluation['loss']:.4f}"]
    for name, value in evaluation["metrics"].items():
        words.append(f"{prefix}{name} {value * 100:.2f} %" if "acc" in name else f"{prefix}{name} {value:.4f}")
    return ", ".join(words)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=f"Train {MODEL.__name__} with the run {RUN} of {os.path.basename(SOURCE)}.")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"passes over the training data (default {EPOCHS})")
    parser.add_argument("--batch", type=int, default=BATCH, help=f"the global batch, shared out among processes (default {BATCH})")
    parser.add_argument("--lr", type=float, default=LEARNING_RATE, help=f"learning rate (default {LEARNING_RATE})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the weights, the data, the split and the order (default {SEED})")
    parser.add_argument("--weights", help="start from the weights of an nnet checkpoint (.safetensors)")
    parser.add_argument("--out", default=os.path.join("out", RUN), help="folder for checkpoint.safetensors (default out/RUN)")
    parser.add_argument("--data-dir", help="folder of the data files (default: the .nnet file's folder; for mnist, NNET_MNIST_DIR or nnet's copy)")
    parser.add_argument("--cpu", action="store_true", help="train on the CPU even when CUDA is available")
    parser.add_argument("--dump-weights", metavar="PREFIX", help="for tests: every process writes its final weights to PREFIX.rankR.safetensors")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = torch.cuda.is_available() and not args.cpu
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
    log = print if rank == 0 else (lambda *_, **__: None)
    if args.batch % world:
        raise SystemExit(f"train.py: the global batch {args.batch} does not divide among {world} processes")

    torch.manual_seed(args.seed)
    data = load_data(args.data_dir, args.seed)
    parts = split(prepare(data), SPLIT, args.seed) if SPLIT else [prepare(data)]
    # A CSV's missing numbers and scaling: fitted on the training part only, applied to every part.
    tabular = nnet_data.fit_tabular(parts[0][0].numpy(), data.tabular) if data.tabular else None

    def scaled(part):
        if tabular is None:
            return part
        return torch.from_numpy(nnet_data.apply_tabular(part[0].numpy(), tabular)), part[1]

    parts = [scaled(part) for part in parts]
    train_x, train_y = parts[0]
    validation = load_validation(args.data_dir, args.seed)
    validation = scaled(prepare(validation)) if validation is not None else parts[1] if len(parts) > 1 and len(parts[1][0]) else None
    test = parts[2] if len(parts) > 2 and len(parts[2][0]) else prepare(data.test) if data.test is not None else None

    model = MODEL().to(device)  # nnet's initializers, drawn from the seed: the same on every process
    if args.weights:
        nnet_checkpoint.load(model, args.weights)
    raw = model
    if world > 1:
        model = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None)
    optimizer = make_optimizer([p for p in raw.parameters() if p.requires_grad], args.lr)
    sampler = DistributedSampler(range(len(train_x)), num_replicas=world, rank=rank, shuffle=SHUFFLE, seed=args.seed)
    batches = BatchSampler(sampler, args.batch // world, drop_last=False)
    log(f"Training {MODEL.__name__} ({sum(p.numel() for p in raw.parameters()):,} parameters) with run {RUN}: "
        f"{len(train_x):,} training samples" + (f", {len(validation[0]):,} for validation" if validation else "")
        + (f", {len(test[0]):,} for test" if test else "") + f"; {world} process{'es' if world > 1 else ''} on {device.type}")

    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
    checkpoint = os.path.join(args.out, "checkpoint.safetensors")
    monitor = EARLY_STOP["monitor"] if EARLY_STOP else None
    best_value, best_state, waited, history, last_write, failed = None, None, 0, [], -math.inf, False
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        sampler.set_epoch(epoch)
        snapshot = {k: v.clone() for k, v in raw.state_dict().items()}
        loss_sum = torch.zeros(2, dtype=torch.float64)
        for indices in batches:
            loss = train_step(model, optimizer, train_x[indices].to(device), train_y[indices].to(device))
            step = torch.stack([loss.double().cpu() * len(indices), torch.tensor(float(len(indices)), dtype=torch.float64)])
            if world > 1:  # the processes agree on every step's loss, and on stopping at a NaN
                step = step.to(device)
                dist.all_reduce(step)
                step = step.cpu()
            if not math.isfinite(step[0].item()):
                raw.load_state_dict(snapshot)
                log(f"the loss became {step[0].item()} at epoch {epoch}; the weights from before this epoch were restored")
                failed = True
                break
            loss_sum += step
        if failed:
            break
        record = {"epoch": epoch, "loss": loss_sum[0].item() / max(1.0, loss_sum[1].item()), "metrics": {}}
        if METRICS:
            record["metrics"] = evaluate(raw, train_x, train_y, device)["metrics"]
        if validation:
            record["validation"] = evaluate(raw, *validation, device)
        record["seconds"] = time.time() - started
        history.append(record)
        log(f"epoch {epoch}/{args.epochs}: " + describe({"loss": record["loss"], "metrics": record["metrics"]})
            + (", " + describe(record["validation"], "val_") if validation else "") + f" ({record['seconds']:.1f} s)")

        stop = False
        if monitor:
            source = record.get("validation", {}) if monitor.startswith("val_") else record
            name = monitor.removeprefix("val_")
            value = source.get("loss") if name == "loss" else source.get("metrics", {}).get(name)
            delta = EARLY_STOP["min_delta"]
            if value is not None and (best_value is None or (value > best_value + delta if higher_is_better(monitor) else value < best_value - delta)):
                best_value, best_state, waited = value, {k: v.clone() for k, v in raw.state_dict().items()}, 0
            else:
                waited += 1
                stop = waited >= EARLY_STOP["patience"]
            if stop and best_state is not None:
                raw.load_state_dict(best_state)
                log(f"early stop after epoch {epoch}: {monitor} has not improved for {waited} epochs; restored the best weights")
        if rank == 0 and (time.time() - last_write >= 2 or epoch == args.epochs or stop):
            nnet_checkpoint.save(raw, checkpoint, {"model": MODEL.__name__, "source": SOURCE, "run": RUN, "epoch": epoch, "history": json.dumps(history), **({"tabular": json.dumps(tabular)} if tabular else {})})
            last_write = time.time()
        if stop:
            break

    for name, part in (("train", (train_x, train_y)), ("validation", validation), ("test", test)):
        if part:
            log(f"{name:<10} {describe(evaluate(raw, *part, device))}")
    if history:
        log(f"wrote {checkpoint}")
    if args.dump_weights:
        nnet_checkpoint.write_safetensors(f"{args.dump_weights}.rank{rank}.safetensors", nnet_checkpoint.nnet_state(raw))
    if world > 1:
        dist.destroy_process_group()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
