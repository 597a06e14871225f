#!/usr/bin/env python3
"""Golden files from PyTorch for Gatun's interop tests, and the check of Gatun's files in PyTorch.

    python3 make_golden.py [OUT_DIR]   writes, per model family, NAME.safetensors (the state dict)
                                       and NAME.io.safetensors (fixed inputs and PyTorch's outputs)
    python3 make_golden.py --check DIR loads every NAME.safetensors Gatun wrote in DIR into the
                                       PyTorch model of its family, runs NAME.io.safetensors's
                                       inputs and compares with the outputs Gatun computed there;
                                       also loads Gatun's optimizer state into torch.optim
    python3 make_golden.py --int8 DIR  checks DIR/int8.safetensors (a Gatun int8 checkpoint) against
                                       torch.quantize_per_channel of DIR/float.safetensors's weights and
                                       torch.quantize_per_tensor of its inputs (LAYER.input.source, .codes)
    python3 make_golden.py --bf16 DIR  checks DIR/gatun_bf16.safetensors (Gatun's bf16 tensors and
                                       the float32 values they were rounded from) against torch's
                                       own rounding bit for bit, and writes DIR/torch_bf16.safetensors
                                       (torch-rounded bf16 tensors beside their float32 sources)

Needs only torch (1.13 has no safetensors module: the format is written and read by hand here).
Models are tiny and seeded so that the files stay a few KB and regenerate identically.
Regenerate (from the repository root):  python3 models/src/test/resources/torch/make_golden.py
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn

FORMAT_VERSION = "1"
REL_TOL = 1e-5

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int8: "I8", torch.uint8: "U8"}
TORCH_DTYPES = {v: k for k, v in DTYPES.items()}


# ---- the model families, named as Gatun's test data names them -------------------------------

def mlp():
    # Linear, ReLU, LayerNorm, GELU and an eval-mode Dropout: Sequential names 0, 2, 3, 6.
    return nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.LayerNorm(16), nn.GELU(),
                         nn.Dropout(0.5), nn.Linear(16, 4)), {"x": (3, 8)}


def cnn():
    # LeNet-shaped: conv, batch norm (eval, with running statistics), pooling, flatten, linear.
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 2 * 2, 5)), {"x": (2, 1, 8, 8)}


def lstm():
    # (seq, batch, feature) as PyTorch's default; gates i, f, g, o.
    return nn.LSTM(6, 8), {"x": (5, 2, 6)}


def gru():
    # gates r, z, n.
    return nn.GRU(6, 8), {"x": (5, 2, 6)}


def transformer():
    # pre-LN encoder block (Gatun's TransformerEncoderBlock), ReLU feed-forward, (batch, seq, d).
    return nn.TransformerEncoderLayer(d_model=16, nhead=4, dim_feedforward=32, dropout=0.0, batch_first=True,
                                      norm_first=True), {"x": (2, 5, 16)}


FAMILIES = {"mlp": mlp, "cnn": cnn, "lstm": lstm, "gru": gru, "transformer": transformer}


def run(name, model, x):
    """The outputs the test compares, by name: y, plus h_n (and c_n) for recurrent models."""
    with torch.no_grad():
        if name == "lstm":
            y, (h, c) = model(x)
            return {"y": y, "h_n": h, "c_n": c}
        if name == "gru":
            y, h = model(x)
            return {"y": y, "h_n": h}
        return {"y": model(x)}


def build(name):
    torch.manual_seed(0)
    model, inputs = FAMILIES[name]()
    if name == "cnn":
        # Running statistics that differ from (0, 1), so eval-mode batch norm is really tested.
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(torch.randn(4, 1, 8, 8) * 2 + 0.5)
    model.eval()
    return model, inputs


# ---- safetensors by hand ------------------------------------------------------------------

def save_safetensors(path, tensors, metadata):
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous().cpu()
        # numpy writes native order (x86 is little-endian); it has no bfloat16, so those go as their int16 bits
        data = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        dtype = TORCH_DTYPES[e["dtype"]]
        buf = bytearray(data[begin:end])
        t = torch.frombuffer(buf, dtype=dtype) if buf else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(e["shape"]).clone()
    return out, meta


# ---- write the golden files ---------------------------------------------------------------

def write_golden(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    meta = {"format": "pt", "gatun.golden": FORMAT_VERSION, "torch": torch.__version__,
            "generator": "models/src/test/resources/torch/make_golden.py"}
    for name in FAMILIES:
        model, shapes = build(name)
        torch.manual_seed(1)
        inputs = {k: torch.randn(*s) for k, s in shapes.items()}
        outputs = run(name, model, inputs["x"])
        save_safetensors(os.path.join(out_dir, name + ".safetensors"), model.state_dict(),
                         dict(meta, **{"gatun.family": name}))
        save_safetensors(os.path.join(out_dir, name + ".io.safetensors"), dict(inputs, **outputs),
                         dict(meta, **{"gatun.family": name}))
        print(name, sum(p.numel() for p in model.parameters()), "parameters")


# ---- check the files Gatun wrote ----------------------------------------------------------

def rel_error(a, b):
    return ((a - b).abs().max() / b.abs().max().clamp_min(1e-30)).item()


def check_optimizer(model, state, meta, path):
    """Loads Gatun's optimizer.<param>.<key> tensors into the torch optimizer the metadata names."""
    kind = meta.get("gatun.optimizer")
    if kind is None:
        return
    lr = float(meta["gatun.lr"])
    opt = {"SGD": lambda p: torch.optim.SGD(p, lr=lr, momentum=0.9), "Adam": lambda p: torch.optim.Adam(p, lr=lr),
           "AdamW": lambda p: torch.optim.AdamW(p, lr=lr)}[kind](model.parameters())
    sd = opt.state_dict()
    names = [n for n, _ in model.named_parameters()]
    for i, n in enumerate(names):
        keys = {k[len("optimizer." + n + "."):]: v for k, v in state.items() if k.startswith("optimizer." + n + ".")}
        if keys:
            sd["state"][i] = keys
    opt.load_state_dict(sd)
    for i, p in enumerate(model.parameters()):
        for k, v in opt.state[p].items():
            if v.shape != (p.shape if k != "step" else torch.Size([])):
                raise SystemExit(f"{path}: optimizer state {names[i]}.{k} has shape {list(v.shape)}")
    print(f"{path}: {kind} state for {len(sd['state'])} parameters loads into torch.optim.{kind}")


def check(directory):
    failures = 0
    files = sorted(f for f in os.listdir(directory) if f.endswith(".safetensors") and not f.endswith(".io.safetensors"))
    if not files:
        raise SystemExit(f"--check: no .safetensors files in {directory}")
    for f in files:
        path = os.path.join(directory, f)
        state, meta = load_safetensors(path)
        family = meta.get("gatun.family")
        if family not in FAMILIES:
            raise SystemExit(f"{path}: metadata gatun.family is {family!r}, expected one of {list(FAMILIES)}")
        model, _ = build(family)
        weights = {k: v for k, v in state.items() if not k.startswith("optimizer.")}
        model.load_state_dict(weights, strict=True)
        check_optimizer(model, state, meta, path)
        io, _ = load_safetensors(path[:-len(".safetensors")] + ".io.safetensors")
        expected = {k: v for k, v in io.items() if k != "x"}
        got = run(family, model, io["x"])
        for k, v in expected.items():
            err = rel_error(got[k], v)
            ok = err <= REL_TOL
            failures += not ok
            print(f"{path}: {family} {k} relative error {err:.2e} {'ok' if ok else 'FAIL'}")
    if failures:
        raise SystemExit(f"--check: {failures} output(s) differ by more than {REL_TOL}")


def bf16_roundtrip(directory):
    tensors, _ = load_safetensors(os.path.join(directory, "gatun_bf16.safetensors"))
    names = [n for n in tensors if not n.endswith(".source")]
    if not names:
        raise SystemExit("--bf16: no bf16 tensors in gatun_bf16.safetensors")
    for name in names:
        got, source = tensors[name], tensors[name + ".source"]
        if got.dtype != torch.bfloat16:
            raise SystemExit(f"--bf16: {name} is {got.dtype}, not torch.bfloat16")
        want = source.to(torch.bfloat16)
        same = got.view(torch.int16) == want.view(torch.int16)
        same |= torch.isnan(got) & torch.isnan(want)  # NaN payloads may differ; NaN must stay NaN
        if not bool(same.all()):
            raise SystemExit(f"--bf16: {name}: {int((~same).sum())} element(s) differ from torch's rounding")
        print(f"{name}: {got.numel()} bf16 values equal torch's rounding of their float32 source")
    g = torch.Generator().manual_seed(5)
    source = torch.cat([torch.randn(500, generator=g) * 10.0 ** torch.randint(-30, 30, (500,), generator=g),
                        torch.tensor([0.0, -0.0, 1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8, 3.4e38, float("inf"),
                                      float("-inf"), 1e-40])])
    out = {"torch.values": source.to(torch.bfloat16), "torch.values.source": source,
           "torch.matrix": source[:24].reshape(4, 6).to(torch.bfloat16), "torch.matrix.source": source[:24].reshape(4, 6)}
    save_safetensors(os.path.join(directory, "torch_bf16.safetensors"), out, {"format": "pt"})
    print("torch_bf16.safetensors written")


def int8_codes(directory):
    """Gatun's int8 checkpoint against torch.ao.quantization's functions: every quantized layer's
    codes are torch.quantize_per_channel's of the float weights with its scales (zero points 0),
    and an input's codes are torch.quantize_per_tensor's with the layer's input scale and zero point."""
    floats, _ = load_safetensors(os.path.join(directory, "float.safetensors"))
    q, meta = load_safetensors(os.path.join(directory, "int8.safetensors"))
    if meta.get("gatun.quantized") != "int8":
        raise SystemExit("--int8: int8.safetensors has no gatun.quantized = int8 metadata")
    layers = [n[:-len(".weight_scale")] for n in q if n.endswith(".weight_scale")]
    if not layers:
        raise SystemExit("--int8: no quantized layers")
    for layer in layers:
        codes, scale = q[layer + ".weight"], q[layer + ".weight_scale"].double()
        if codes.dtype != torch.int8:
            raise SystemExit(f"--int8: {layer}.weight is {codes.dtype}, not torch.int8")
        zeros = torch.zeros(scale.numel(), dtype=torch.long)
        want = torch.quantize_per_channel(floats[layer + ".weight"], scale, zeros, 0, torch.qint8).int_repr()
        if not torch.equal(codes, want):
            raise SystemExit(f"--int8: {layer}.weight: {int((codes != want).sum())} code(s) differ from torch's")
        x = floats[layer + ".input.source"]
        xq = torch.quantize_per_tensor(x, float(q[layer + ".input_scale"].item()), int(q[layer + ".input_zero_point"].item()),
                                       torch.quint8).int_repr()
        got = floats[layer + ".input.codes"]
        if not torch.equal(got, xq):
            raise SystemExit(f"--int8: {layer} input: {int((got != xq).sum())} code(s) differ from torch's")
        print(f"{layer}: {codes.numel()} weight codes and {x.numel()} input codes equal torch's")


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--bf16":
        bf16_roundtrip(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--int8":
        int8_codes(sys.argv[2])
    elif len(sys.argv) <= 2 and not (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
        write_golden(sys.argv[1] if len(sys.argv) == 2 else os.path.dirname(os.path.abspath(__file__)))
    else:
        raise SystemExit(__doc__)
