#!/usr/bin/env python3
"""PyTorch peer of Gatun's model benchmarks: the same models, shapes, seeds, optimizers and
thread counts as bench/src/main/java/dev/gatun/bench/*StepBench.java, timed the same way.

    /usr/bin/python3 bench/pytorch/peer.py --models mlp --threads 1,2 --json out.json
    /usr/bin/python3 bench/pytorch/peer.py --export bench/target/peers/models   # for the JVM peers

The definitions here are the ones every peer runs: --export writes, per model, the ONNX file
(ONNX Runtime), TorchScript files (DJL's transformer), the initial weights, the training batches
and reference figures (see export_models) that bench/peers/* read with manifest.properties.

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
--precision bf16 runs both inside torch.autocast("cpu", dtype=torch.bfloat16), PyTorch's mixed
precision (Gatun's --precision bf16 / Autocast.bf16()).
"""
import argparse
import ctypes
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

def timed(fn, calls, repeats, warmup, budget=0.0):
    """ms per call of fn: min, median, max over repeats of `calls` calls, after warmup calls; p50 and
    p99 of the single calls (each timed on its own, as the JVM peers time theirs). With a budget in
    seconds (quick runs on a machine that may be loaded) the warm-up stops at half of it and the
    loops get fewer calls, as bench/peers/common's Timing does; the calls made are recorded."""
    clock = time.perf_counter
    start, warmed = clock(), 0
    while warmed < warmup and (budget <= 0 or warmed < 3 or clock() - start < budget / 2):
        fn()
        warmed += 1
    if budget > 0 and warmed > 0:
        per_call = (clock() - start) / warmed
        calls = int(max(1, min(calls, (budget / 2) / (per_call * repeats))))
    per, single = [], []
    for _ in range(repeats):
        t = clock()
        for _ in range(calls):
            c = clock()
            fn()
            single.append(clock() - c)
        per.append((clock() - t) * 1e3 / calls)
    single.sort()
    return {"min": min(per), "median": statistics.median(per), "max": max(per), "repeats": repeats, "calls": calls,
            "p50": single[len(single) // 2] * 1e3, "p99": single[min(len(single) - 1, int(len(single) * 0.99))] * 1e3}


def measure(name, optimizer, threads, data, args):
    bf16 = args.precision == "bf16"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model, loss_fn, batches, sample = build(name, data)
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if optimizer == "sgd" else torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        x, y = batches()
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    def infer():
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            return model(sample)

    model.train()
    train = timed(train_step, args.calls, args.repeats, args.warmup, args.budget)
    model.eval()
    try:
        inference = timed(infer, args.calls * 4, args.repeats, args.warmup, args.budget)
    except RuntimeError as e:  # PyTorch 1.13's fused encoder-layer inference rejects autocast ("expected scalar type")
        inference = {"error": str(e).splitlines()[0], "median": float("nan"), "min": float("nan"), "max": float("nan")}
    return {"model": name, "optimizer": optimizer, "threads": threads, "precision": args.precision, "train_step_ms": train,
            "infer_batch1_ms": inference, "pools": pools()}


def loaded_blas():
    """The BLAS library this process really loaded (LD_LIBRARY_PATH may override the system's), with
    what OpenBLAS says of itself: build (pthread or OpenMP), kernel, configuration, threads."""
    torch.mm(torch.ones(2, 2), torch.ones(2, 2))  # make sure the BLAS is loaded
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.split()[-1].lower() and ".so" in line})
    info = {"loaded": libs}
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
        except (OSError, AttributeError):
            continue
        info["library"] = os.path.realpath(path)
        info["kernel"] = lib.openblas_get_corename().decode()
        info["config"] = lib.openblas_get_config().decode()
        info["build"] = {0: "sequential", 1: "pthread", 2: "openmp"}.get(lib.openblas_get_parallel(), "unknown")
        info["openblas_threads"] = lib.openblas_get_num_threads()
        break
    info["env"] = {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
                                                   "MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "LD_LIBRARY_PATH")}
    info["torch_threads"] = {"intra_op": torch.get_num_threads(), "inter_op": torch.get_num_interop_threads()}
    return info


def pools():
    """The thread pools as a run left them: torch's intra-op (OpenMP) threads and OpenBLAS's own count.
    The pthread build keeps a pool of its own beside torch's whatever torch.set_num_threads says; the
    OpenMP build runs in torch's OpenMP pool (the count it reports is its maximum, not a pool)."""
    out = {"torch_intra_op": torch.get_num_threads(), "torch_inter_op": torch.get_num_interop_threads()}
    lib = loaded_blas().get("library")
    if lib:
        out["openblas_threads"] = ctypes.CDLL(lib).openblas_get_num_threads()
    return out


def blas_info():
    """Which BLAS torch runs on (Debian's torch calls libblas.so.3), its kernel and pools, its sgemm speed."""
    link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    info = {"libblas": os.path.realpath(link) if os.path.exists(link) else "unknown"}
    info.update(loaded_blas())
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


# ---- export for the JVM peers ---------------------------------------------------------------

EXPORT_BATCHES = 16  # training batches written per model (the Gaussian pool's size)
REFERENCE_STEPS = 3  # SGD steps whose losses the JVM peers compare with theirs


def export_models(names, out, data):
    """Per model, into `out`: NAME.onnx (eval, batch-1 sample shape), NAME.train.pt and NAME.infer.pt
    (TorchScript traced at the batch and sample shapes), NAME.params.bin (the seed-0 weights in
    state_dict order), NAME.x.bin / NAME.y.bin (EXPORT_BATCHES training batches: inputs, and labels as
    floats or targets), NAME.sample.bin and NAME.output.bin (one sample and the model's output on it)
    and, in manifest.properties, the shapes, parameter table and the losses of the first
    REFERENCE_STEPS SGD steps (lr 0.01) over batches 0, 1, 2. Little-endian float32 throughout."""
    os.makedirs(out, exist_ok=True)
    props = ["# written by bench/pytorch/peer.py --export (torch %s): the models every peer runs" % torch.__version__,
             "models=" + ",".join(names), "batches=%d" % EXPORT_BATCHES, "sgd.lr=0.01", "adam.lr=0.001",
             "adam.betas=0.9,0.999", "adam.eps=1e-8"]
    for name in names:
        torch.manual_seed(0)
        model, loss_fn, batches, sample = build(name, data)
        xs, ys = zip(*[batches() for _ in range(EXPORT_BATCHES)])
        shape = lambda t: ",".join(str(d) for d in t.shape)
        write = lambda suffix, tensors: open(os.path.join(out, name + suffix), "wb").write(
            b"".join(t.detach().float().contiguous().numpy().astype("<f4").tobytes() for t in tensors))
        params, offset = [], 0
        for key, t in model.state_dict().items():
            params.append("%s:%s:%d" % (key, shape(t), offset))
            offset += t.numel()
        write(".params.bin", model.state_dict().values())
        write(".x.bin", xs)
        write(".y.bin", ys)
        write(".sample.bin", [sample])
        model.eval()
        with torch.no_grad():
            output = model(sample)
        write(".output.bin", [output])
        torch.onnx.export(model, (sample,), os.path.join(out, name + ".onnx"), opset_version=14,
                          input_names=["input"], output_names=["output"])
        # Traced in training mode (the pre-LN block has no dropout, so it computes the same as in eval)
        # which keeps PyTorch's fused inference fast path out of the graph.
        model.train()
        torch.jit.trace(model, (xs[0],)).save(os.path.join(out, name + ".train.pt"))
        with torch.no_grad():
            torch.jit.trace(model, (sample,)).save(os.path.join(out, name + ".infer.pt"))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        losses = []
        for i in range(REFERENCE_STEPS):
            opt.zero_grad()
            loss = loss_fn(model(xs[i]), ys[i])
            loss.backward()
            opt.step()
            losses.append("%.7g" % loss.item())
        props += ["%s.batch_shape=%s" % (name, shape(xs[0])), "%s.target_shape=%s" % (name, shape(ys[0])),
                  "%s.sample_shape=%s" % (name, shape(sample)), "%s.output_shape=%s" % (name, shape(output)),
                  "%s.loss=%s" % (name, "mse" if name == "transformer" else "cross-entropy"),
                  "%s.params=%s" % (name, ";".join(params)), "%s.sgd_losses=%s" % (name, ",".join(losses))]
        print("exported %s: %d parameters, SGD losses %s" % (name, offset, ", ".join(losses)), flush=True)
    with open(os.path.join(out, "manifest.properties"), "w") as f:
        f.write("\n".join(props) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="mlp,cnn,lstm,gru,transformer")
    p.add_argument("--optimizers", default="sgd,adam")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--calls", type=int, default=50, help="calls per timed repeat")
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--budget", type=float, default=0, help="seconds one figure may take about (0: no limit)")
    p.add_argument("--json", help="write the results here")
    p.add_argument("--precision", default="float32", choices=["float32", "bf16"],
                   help="bf16: train and infer inside torch.autocast(\"cpu\", dtype=torch.bfloat16)")
    p.add_argument("--label", default="pytorch", help="the peer's name in the results (pytorch, pytorch-best)")
    p.add_argument("--export", metavar="DIR", help="write the models, data and references for the JVM peers; no timing")
    p.add_argument("--blas-probe", action="store_true", help="print the BLAS kernel and its 1-thread sgemm GFLOP/s; no timing")
    args = p.parse_args()
    if args.blas_probe:
        info = blas_info()
        print(info.get("kernel", "unknown"), info["mm1024_gflops_1t"])
        return
    data = fashion_mnist()
    if args.export:
        export_models(args.models.split(","), args.export, data)
        return
    result = {
        "peer": args.label, "torch": torch.__version__, "python": platform.python_version(),
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
