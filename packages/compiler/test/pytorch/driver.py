# Runs generated PyTorch packages for the tests, in one process (torch is imported once): reads a
# JSON list of cases from the file named by argv[1], prints one JSON result per case on one line.
# Each case names a package folder, imported as a package under its own name so that packages with
# the same module names do not clash, and what to do with it:
#   count    the number of parameters of the model (what `nnc summary --convention torch` counts)
#   forward  load nnet weights (a safetensors checkpoint), run the model in inference mode on x;
#            with a train.py, also the loss of (x, y) as train.py computes it (eval mode, no penalty)
#   train    load nnet weights, take `steps` train_step()s of train.py on (x, y), return the losses
#            and every weight in nnet's layout

import importlib.util
import json
import sys

import torch


def load_package(folder, name):
    spec = importlib.util.spec_from_file_location(name, f"{folder}/__init__.py", submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    model = importlib.import_module(f"{name}.model")
    checkpoint = importlib.import_module(f"{name}.nnet_checkpoint")
    try:
        train = importlib.import_module(f"{name}.train")
    except ModuleNotFoundError:
        train = None
    return model, checkpoint, train


def model_class(module):
    return next(v for v in vars(module).values() if isinstance(v, type) and issubclass(v, torch.nn.Module) and v.__module__ == module.__name__)


def tensor(values, shape, dtype):
    return torch.tensor(values, dtype=dtype).reshape(shape)


def run(case, index):
    module, checkpoint, train = load_package(case["folder"], f"nnet_case_{index}")
    cls = model_class(module)
    torch.manual_seed(0)
    if case["action"] == "count":
        return {"params": sum(p.numel() for p in cls().parameters())}
    model = cls()
    checkpoint.load(model, case["weights"])
    (shape, dtype), = cls.nnet_inputs.values()
    batch = case["batch"]
    x = tensor(case["x"], (batch, *shape), dtype)
    y = None
    if "y" in case:
        target_dtype = torch.long if train.TARGETS_ARE_INDICES else torch.float32
        y = tensor(case["y"], (batch,) if train.TARGETS_ARE_INDICES else (batch, *train.OUTPUT_SHAPE), target_dtype)
    if case["action"] == "forward":
        model.eval()
        with torch.no_grad():
            out = model(x)
            result = {"output": out.reshape(-1).tolist()}
            if y is not None:
                result["loss"] = train.loss_fn(train.scores(model, x), y).item()
        return result
    optimizer = train.make_optimizer([p for p in model.parameters() if p.requires_grad])
    losses = [train.train_step(model, optimizer, x, y).item() for _ in range(case["steps"])]
    return {"losses": losses, "weights": {k: v.reshape(-1).tolist() for k, v in checkpoint.nnet_state(model).items()}}


def main():
    with open(sys.argv[1]) as file:
        cases = json.load(file)
    for index, case in enumerate(cases):
        try:
            result = run(case, index)
        except Exception as error:  # reported per case, so one failure does not hide the others
            result = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
