#!/usr/bin/env python3
"""Prints the bf16 vs float32 table (markdown) from one bench/bf16/run sitting's files in DIR:
gatun.json (JMH, TrainStepBench), pytorch-float32.json and pytorch-bf16.json (bench/pytorch/peer.py),
matmul.txt (MatmulBench's JMH lines) and sitting.txt (load, ISA). Usage: table.py DIR"""
import json
import os
import sys

MODELS = ["mlp", "cnn", "lstm", "gru", "transformer"]
FIGURES = [("trainStep", "train_step_ms", "training step"), ("inferBatch1", "infer_batch1_ms", "batch-1 latency")]


def gatun(path):
    out = {}  # (model, figure, backend, precision) -> ms
    for r in json.load(open(path)):
        figure = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        out[(p["model"], figure, p["backend"], p["precision"])] = r["primaryMetric"]["score"]
    return out


def pytorch(path):
    out = {}
    if not os.path.exists(path):
        return out
    for r in json.load(open(path))["results"]:
        for _, key, _ in FIGURES:
            out[(r["model"], key)] = r[key]["median"]
    return out


def cell(v):
    return "-" if v is None or v != v else "%.3f" % v


def ratio(a, b):
    return "-" if a is None or b is None or a != a or b != b or b == 0 else "%.2f" % (a / b)


def main(d):
    g = gatun(os.path.join(d, "gatun.json"))
    t32, t16 = pytorch(os.path.join(d, "pytorch-float32.json")), pytorch(os.path.join(d, "pytorch-bf16.json"))
    print(open(os.path.join(d, "sitting.txt")).read().strip().replace("\n", "; "))
    print()
    print("ms per call, 1 thread, Adam; bf16 = mixed precision (bf16 products, float32 master weights, losses, norms);"
          " ratio = bf16 / float32 (below 1: bf16 faster)")
    print()
    print("| model | figure | onednn f32 | onednn bf16 | ratio | java f32 | java bf16 | ratio | PyTorch f32 | PyTorch autocast bf16 | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for m in MODELS:
        for fig, key, label in FIGURES:
            o32, o16 = g.get((m, fig, "onednn", "float32")), g.get((m, fig, "onednn", "bf16"))
            j32, j16 = g.get((m, fig, "java", "float32")), g.get((m, fig, "java", "bf16"))
            p32, p16 = t32.get((m, key)), t16.get((m, key))
            print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (m, label, cell(o32), cell(o16), ratio(o16, o32),
                  cell(j32), cell(j16), ratio(j16, j32), cell(p32), cell(p16), ratio(p16, p32)))
    mm = os.path.join(d, "matmul.txt")
    if os.path.exists(mm):
        print()
        print("matmul n x n, GFLOPS (2 n^3 flops per call):")
        print()
        rows = {}
        for line in open(mm):
            parts = line.split()
            if len(parts) < 6:
                continue
            method = parts[0].rsplit(".", 1)[1]
            n, threads, score = parts[1], parts[2], float(parts[5])
            rows.setdefault((int(n), int(threads)), {})[method] = score * 2 * int(n) ** 3 / 1e9
        print("| n | threads | onednn f32 | onednn bf16 | bf16/f32 | java f32 | java bf16 | bf16/f32 |")
        print("|---|---|---|---|---|---|---|---|")
        for (n, th), r in sorted(rows.items()):
            o32, o16, j32, j16 = (r.get(k) for k in ("gatunOnednn", "gatunOnednnBf16", "gatunJava", "gatunJavaBf16"))
            print("| %d | %d | %s | %s | %s | %s | %s | %s |" % (n, th, cell(o32), cell(o16), ratio(o16, o32), cell(j32),
                  cell(j16), ratio(j16, j32)))


if __name__ == "__main__":
    main(sys.argv[1])
