#!/usr/bin/env python3
"""PyTorch peer of Gatun's model benchmarks: the same models, shapes, seeds, optimizers and
thread counts as bench/src/main/java/dev/gatun/bench/*StepBench.java, timed the same way.

    /usr/bin/python3 bench/pytorch/peer.py --models mlp --threads 1,2 --json out.json

Models (batch, input):
  mlp          784-256-128-10 ReLU MLP, batch 128, Fashion-MNIST images flattened
  cnn          LeNet: Conv2d(1,8,5,pad 2)-ReLU-MaxPool2-Conv2d(8,16,5)-ReLU-MaxPool2-Flatten-
               Linear(400,120)-ReLU-Linear(120,10), batch 64, Fashion-MNIST [64,1,28,28]
  lstm, gru    one layer, input 64, hidden 128, seq 32, batch 32 ([seq, batch, feature]);
               Linear(128,10) on the last step's output; Gaussian inputs, random labels
Gaussian batches come from a pool of 16 made from seed 1 (the same distribution as Gatun's, not
the same numbers: the two generators differ); models are initialized from seed 0.
  transformer  one pre-LN encoder block, d 128, 4 heads, FFN 512 (ReLU), no dropout,
               batch 16, seq 64, batch first ([16, 64, 128]); MSE against a Gaussian target
Losses: cross-entropy (mean) except the transformer's MSE. Optimizers: SGD lr 0.01, Adam
lr 1e-3 (betas 0.9/0.999, eps 1e-8). Figures per model, optimizer and thread count:
train_step (forward, loss, backward, update, loss.item()) and infer_batch1 (eval mode, no
grad, one sample), each as ms per call: min / median / max over repeats of a timed loop.
"""
import argparse
import gzip
import json
import os
import platform
import statistics
import struct
import time

import torch
import torch.nn as nn

FASHION_MNIST = os.environ.get("GATUN_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


# ---- data -----------------------------------------------------------------------------------

def fashion_mnist():
    """Training images scaled to [0, 1] as [N, 784] and labels [N], or None when not installed."""
    img = os.path.join(FASHION_MNIST, "train-images-idx3-ubyte.gz")
    lab = os.path.join(FASHION_MNIST, "train-labels-idx1-ubyte.gz")
    if not (os.path.exists(img) and os.path.exists(lab)):
        return None
    with gzip.open(img, "rb") as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16))
        assert magic == 0x803 and h * w == 784, img
        x = torch.frombuffer(bytearray(f.read(n * 784)), dtype=torch.uint8).float().div_(255).view(n, 784)
    with gzip.open(lab, "rb") as f:
        magic, n = struct.unpack(">II", f.read(8))
        assert magic == 0x801, lab
        y = torch.frombuffer(bytearray(f.read(n)), dtype=torch.uint8).long()
    return x, y


class Batches:
    """Consecutive batches of the images (wrapping around), as Gatun's BenchData hands them out."""

    def __init__(self, x, y, size, shape):
        self.x, self.y, self.size, self.shape, self.next = x, y, size, shape, 0

    def __call__(self):
        if self.next + self.size > len(self.y):
            self.next = 0
        at = self.next
        self.next += self.size
        return self.x[at:at + self.size].reshape(self.shape), self.y[at:at + self.size]


class Pool:
    """A fixed pool of seeded Gaussian batches (inputs, targets), cycled."""

    def __init__(self, make, count=16):
        g = torch.Generator().manual_seed(1)
        self.items = [make(g) for _ in range(count)]
        self.next = 0

    def __call__(self):
        item = self.items[self.next % len(self.items)]
        self.next += 1
        return item


# ---- models ---------------------------------------------------------------------------------

class LastStep(nn.Module):
    """An RNN over [seq, batch, feature]; Linear(hidden, 10) on the last step's output."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn
        self.head = nn.Linear(rnn.hidden_size, 10)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[-1])


def build(name, data):
    """(model, loss, train batches, one inference sample) for a model name."""
    if name == "mlp":
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
        batches = image_batches(data, 128, (128, 784))
        return model, nn.CrossEntropyLoss(), batches, batches()[0][:1].clone()
    if name == "cnn":
        model = nn.Sequential(
            nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 10))
        batches = image_batches(data, 64, (64, 1, 28, 28))
        return model, nn.CrossEntropyLoss(), batches, batches()[0][:1].clone()
    if name in ("lstm", "gru"):
        rnn = nn.LSTM(64, 128) if name == "lstm" else nn.GRU(64, 128)
        batches = Pool(lambda g: (torch.randn(32, 32, 64, generator=g), torch.randint(0, 10, (32,), generator=g)))
        return LastStep(rnn), nn.CrossEntropyLoss(), batches, batches()[0][:, :1].clone()
    if name == "transformer":
        model = nn.TransformerEncoderLayer(d_model=128, nhead=4, dim_feedforward=512, dropout=0.0,
                                           activation="relu", norm_first=True, batch_first=True)
        batches = Pool(lambda g: (torch.randn(16, 64, 128, generator=g), torch.randn(16, 64, 128, generator=g)))
        return model, nn.MSELoss(), batches, batches()[0][:1].clone()
    raise SystemExit("unknown model " + name)


def image_batches(data, size, shape):
    if data is None:  # the same fallback as BenchData: seeded noise, random labels
        g = torch.Generator().manual_seed(1)
        data = (torch.randn(8192, 784, generator=g), torch.randint(0, 10, (8192,), generator=g))
    return Batches(data[0], data[1], size, shape)


# ---- timing ---------------------------------------------------------------------------------

def timed(fn, calls, repeats, warmup):
    """ms per call of fn: min, median, max over repeats of `calls` calls, after warmup calls."""
    for _ in range(warmup):
        fn()
    per = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        per.append((time.perf_counter() - t) * 1e3 / calls)
    return {"min": min(per), "median": statistics.median(per), "max": max(per), "repeats": repeats, "calls": calls}


def measure(name, optimizer, threads, data, args):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, loss_fn, batches, sample = build(name, data)
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if optimizer == "sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        x, y = batches()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer():
        with torch.no_grad():
            return model(sample)

    model.train()
    train = timed(train_step, args.calls, args.repeats, args.warmup)
    model.eval()
    inference = timed(infer, args.calls * 4, args.repeats, args.warmup)
    return {"model": name, "optimizer": optimizer, "threads": threads, "train_step_ms": train, "infer_batch1_ms": inference}


def blas_info():
    """Which BLAS torch runs on (Debian's torch calls the system libblas.so.3) and its sgemm speed."""
    link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    info = {"libblas": os.path.realpath(link) if os.path.exists(link) else "unknown"}
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for t in (1, 2):
        torch.set_num_threads(t)
        torch.mm(a, b)
        start = time.perf_counter()
        for _ in range(5):
            torch.mm(a, b)
        info["mm1024_gflops_%dt" % t] = round(5 * 2 * 1024 ** 3 / (time.perf_counter() - start) / 1e9, 1)
    info["reference_blas_suspected"] = info["mm1024_gflops_1t"] < 15
    return info


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="mlp,cnn,lstm,gru,transformer")
    p.add_argument("--optimizers", default="sgd,adam")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--calls", type=int, default=50, help="calls per timed repeat")
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--json", help="write the results here")
    args = p.parse_args()
    data = fashion_mnist()
    result = {
        "peer": "pytorch", "torch": torch.__version__, "python": platform.python_version(),
        "data": "fashion-mnist " + FASHION_MNIST if data is not None else "gaussian noise",
        "config": torch.__config__.show(), "parallel": torch.__config__.parallel_info(),
        "blas": blas_info(), "results": []}
    for name in args.models.split(","):
        for optimizer in args.optimizers.split(","):
            for threads in (int(t) for t in args.threads.split(",")):
                r = measure(name, optimizer, threads, data, args)
                result["results"].append(r)
                print("%-12s %-5s %d thread(s): train step %.3f ms (min %.3f, max %.3f), batch-1 inference %.3f ms" % (
                    name, optimizer, threads, r["train_step_ms"]["median"], r["train_step_ms"]["min"],
                    r["train_step_ms"]["max"], r["infer_batch1_ms"]["median"]), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
