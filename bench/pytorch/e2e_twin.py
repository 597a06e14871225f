#!/usr/bin/env python3
"""The PyTorch twin of one `gatun train` job, for bench/e2e.

Same data (the .npy files bench's DataDump writes from Gatun's own split), same architecture,
initialization scheme, optimizer and hyper-parameters, batch, epochs, early stopping on the
validation loss (best weights put back) and validation after every epoch, in the chunks Gatun
evaluates in. Only the random streams differ (weights, shuffling), as between any two frameworks.

Timing, as bench's TimedTrain measures Gatun from outside its loop: an epoch's training part runs
from the end of the previous epoch's validation (early-stopping bookkeeping included) to the end
of its last step; its validation part is the pass over the validation set after it.

Usage: e2e_twin.py --job mlp --data bench/target/e2e/data --threads 1 [--epochs N] --json out.json
"""
import argparse
import ctypes
import json
import math
import os
import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# Gatun's defaults per job (the kinds' defaults() and DEFAULT_EPOCHS; Adam with betas 0.9/0.999, eps 1e-8).
JOBS = {
    "mlp":         dict(data="spirals", batch=32, lr=0.01, epochs=100, patience=20, eval_rows=4096),
    "cnn-glyphs":  dict(data="glyphs", batch=64, lr=0.002, epochs=3, patience=0, eval_rows=4096),
    "cnn-fashion": dict(data="fashion-mnist", batch=64, lr=0.002, epochs=3, patience=0, eval_rows=4096),
    "lstm":        dict(data="sine", batch=32, lr=0.003, epochs=10, patience=5, eval_rows=4096),
    "gru":         dict(data="sine", batch=32, lr=0.003, epochs=10, patience=5, eval_rows=4096),
    "transformer": dict(data="reverse", batch=64, lr=0.002, epochs=2, patience=5, eval_rows=256, clip=1.0),
    "charlm":      dict(data="alice", batch=64, lr=0.002, epochs=20, patience=5, eval_rows=256, clip=1.0),
}


def mlp(columns, classes):
    """Networks.mlp: Linear-ReLU x2 (He uniform for ReLU), output Linear (Glorot uniform), zero biases."""
    layers, inputs = [], columns
    for h in (64, 64):
        fc = nn.Linear(inputs, h)
        nn.init.kaiming_uniform_(fc.weight, nonlinearity="relu")
        nn.init.zeros_(fc.bias)
        layers += [fc, nn.ReLU()]
        inputs = h
    out = nn.Linear(inputs, classes)
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(out.bias)
    return nn.Sequential(*layers, out)


def cnn(side, classes):
    """CnnKind.network: (Conv3x3 same -> BatchNorm2d -> ReLU -> MaxPool2d(2)) x (16, 32), Linear 128, ReLU, Linear.
    PyTorch's default initializations, which Gatun's Conv2d and Linear copy."""
    layers, channels, size = [nn.Unflatten(1, (1, side, side))], 1, side
    for h in (16, 32):
        layers += [nn.Conv2d(channels, h, 3, padding=1), nn.BatchNorm2d(h), nn.ReLU(), nn.MaxPool2d(2)]
        channels, size = h, size // 2
    layers += [nn.Flatten(), nn.Linear(channels * size * size, 128), nn.ReLU(), nn.Linear(128, classes)]
    return nn.Sequential(*layers)


class Forecaster(nn.Module):
    """RecurrentModels.Forecaster: windows [N, T] -> LSTM/GRU(1, 64) -> last step -> Linear(64, 1)."""

    def __init__(self, kind):
        super().__init__()
        self.rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(1, 64, num_layers=1, batch_first=True)
        self.head = nn.Linear(64, 1)

    def forward(self, x):
        out, _ = self.rnn(x.unsqueeze(-1))
        return self.head(out[:, -1, :])


class TokenTransformer(nn.Module):
    """nn.TokenTransformer: embedding N(0, .02) + learned positions N(0, .02), pre-LN encoder layers
    (width 64, 4 heads, feed-forward 256, no dropout), final LayerNorm, Linear head."""

    def __init__(self, vocab, length, causal, activation):
        super().__init__()
        self.embed = nn.Embedding(vocab, 64)
        nn.init.normal_(self.embed.weight, 0, 0.02)
        self.pos = nn.Parameter(torch.empty(length, 64))
        nn.init.normal_(self.pos, 0, 0.02)
        self.layers = nn.ModuleList(nn.TransformerEncoderLayer(64, 4, 256, dropout=0.0, activation=activation,
                                                               batch_first=True, norm_first=True) for _ in range(2))
        self.norm = nn.LayerNorm(64)
        self.head = nn.Linear(64, vocab)
        self.mask = torch.triu(torch.full((length, length), float("-inf")), 1) if causal else None

    def forward(self, ids):
        t = ids.shape[1]
        x = self.embed(ids) + self.pos[:t]
        mask = None if self.mask is None else self.mask[:t, :t]
        for layer in self.layers:
            x = layer(x, src_mask=mask)
        return self.head(self.norm(x))


def load(data_dir, name):
    d = os.path.join(data_dir, name)
    arrays = {p: torch.from_numpy(np.load(os.path.join(d, p + ".npy"))) for p in ("train_x", "train_y", "val_x", "val_y")}
    with open(os.path.join(d, "meta.json")) as f:
        return arrays, json.load(f)


def build(job, meta):
    if job == "mlp":
        return mlp(meta["columns"], meta["classes"]), "ce"
    if job.startswith("cnn"):
        return cnn(int(round(math.sqrt(meta["columns"]))), meta["classes"]), "ce"
    if job in ("lstm", "gru"):
        return Forecaster(job), "mse"
    if job == "transformer":
        return TokenTransformer(meta["vocab"], meta["length"], False, "relu"), "tokens"
    return TokenTransformer(meta["vocab"], meta["length"], True, "gelu"), "tokens"


def loss_and_correct(model, kind, x, y):
    out = model(x.long() if kind == "tokens" else x)
    if kind == "ce":
        return F.cross_entropy(out, y.long()), (out.argmax(1) == y).sum().item(), y.shape[0]
    if kind == "mse":
        return F.mse_loss(out, y), 0, y.shape[0]
    logits = out.reshape(-1, out.shape[-1])
    targets = y.reshape(-1).long()
    return F.cross_entropy(logits, targets), (logits.argmax(1) == targets).sum().item(), targets.shape[0]


def evaluate(model, kind, x, y, chunk):
    """Mean loss and accuracy over the set in eval mode without autograd, in Gatun's chunks."""
    model.eval()
    loss_sum, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for start in range(0, x.shape[0], chunk):
            loss, c, n = loss_and_correct(model, kind, x[start:start + chunk], y[start:start + chunk])
            loss_sum += loss.item() * n
            correct += c
            count += n
    model.train()
    return loss_sum / count, (correct / count if kind != "mse" else float("nan"))


def openblas_core():
    """The kernel set of the OpenBLAS this process loaded (torch's BLAS), via openblas_get_corename."""
    with open("/proc/self/maps") as f:
        paths = sorted({line.split()[-1] for line in f if "openblas" in line.split()[-1]})
    for p in paths:
        try:
            lib = ctypes.CDLL(p)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode(), lib.openblas_get_config().decode(), p
        except (OSError, AttributeError):
            continue
    return "none loaded", "", ""


def finite_or_null(v):
    """JSON has no NaN: a value that does not exist (accuracy of a regression) becomes null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: finite_or_null(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite_or_null(x) for x in v]
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--job", required=True, choices=sorted(JOBS))
    ap.add_argument("--data", required=True, help="folder of DataDump's output")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--set-threads", action="store_true", help="call torch.set_num_threads (the 'best' set-up)")
    ap.add_argument("--epochs", type=int, help="override the job's epoch budget")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    cfg = dict(JOBS[a.job])
    if a.epochs:
        cfg["epochs"] = a.epochs
    if a.set_threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    arrays, meta = load(a.data, cfg["data"])
    tx, ty, vx, vy = arrays["train_x"], arrays["train_y"], arrays["val_x"], arrays["val_y"]
    if meta["kind"] == "classification":
        ty, vy = ty.long(), vy.long()
    model, kind = build(a.job, meta)
    opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"], betas=(0.9, 0.999), eps=1e-8)
    patience, best_loss, best_epoch, best = cfg["patience"], float("inf"), 0, None
    epochs, rows = [], tx.shape[0]
    model.train()
    loop_start = epoch_start = time.perf_counter()
    for epoch in range(1, cfg["epochs"] + 1):
        order = torch.randperm(rows)
        for start in range(0, rows, cfg["batch"]):
            idx = order[start:start + cfg["batch"]]
            loss, _, _ = loss_and_correct(model, kind, tx[idx], ty[idx])
            opt.zero_grad()
            loss.backward()
            if "clip" in cfg:
                nn.utils.clip_grad_norm_(model.parameters(), cfg["clip"])
            opt.step()
            loss.item()  # Gatun reads every step's loss for its running mean and progress line
        train_end = time.perf_counter()
        val_loss, val_acc = evaluate(model, kind, vx, vy, cfg["eval_rows"])
        end = time.perf_counter()
        epochs.append(dict(epoch=epoch, rows=rows, train_seconds=train_end - epoch_start, val_seconds=end - train_end,
                           seconds=end - epoch_start, val_loss=val_loss, val_accuracy=val_acc))
        stop = False
        if patience > 0:  # EarlyStopping: keep the best epoch's parameters, stop after `patience` without a new best
            if val_loss < best_loss:
                best_loss, best_epoch = val_loss, epoch
                best = [p.detach().clone() for p in model.parameters()]
            stop = epoch - best_epoch >= patience
        epoch_start = time.perf_counter()
        if stop:
            break
    loop_seconds = time.perf_counter() - loop_start
    if best is not None and best_epoch != len(epochs):
        with torch.no_grad():
            for p, b in zip(model.parameters(), best):
                p.copy_(b)
    val_loss, val_acc = evaluate(model, kind, vx, vy, cfg["eval_rows"])
    core, config, lib = openblas_core()
    train_seconds = sum(e["train_seconds"] for e in epochs)
    out = dict(job=a.job, threads=a.threads, torch=torch.__version__, torch_threads=torch.get_num_threads(),
               openblas_core=core, openblas_config=config, openblas_library=lib,
               rows_per_epoch=rows, epochs=epochs, best_epoch=best_epoch or len(epochs),
               samples_per_sec=sum(e["rows"] for e in epochs) / train_seconds, train_seconds=train_seconds,
               seconds=loop_seconds, val_loss=val_loss, val_accuracy=val_acc,
               process_seconds=time.perf_counter() - T0)
    with open(a.json, "w") as f:
        json.dump(finite_or_null(out), f, indent=1)
    print(f"pytorch {a.job} x{a.threads}: {len(epochs)} epochs, {train_seconds:.2f} s training, "
          f"{out['samples_per_sec']:.0f} samples/s, val loss {val_loss:.4f} acc {val_acc:.4f}, openblas {core}")


if __name__ == "__main__":
    sys.exit(main())
