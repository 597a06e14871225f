#!/usr/bin/env python3
"""Where the CPU time of a `gatun train` run goes, from a JFR recording: the share of samples by
phase (startup, training forward/backward, optimizer, validation, data pipeline, ...) and by kind
of work (native kernel calls, Java/Vector API kernels, autograd bookkeeping, allocation and
scopes, thread pools, ...), as a markdown report.

Samples: jdk.CPUTimeSample (JDK 25's CPU-time sampler: counts time in native code too; each
sample weighted by its samplingPeriod) when the recording has them, else jdk.ExecutionSample
plus jdk.NativeMethodSample (threads in native code), equally weighted; only threads that run
Java are sampled, so OpenMP worker threads of the native libraries are invisible (see the note).

Usage: breakdown.py FILE.jfr [--title T] [--jfr /path/to/jfr]   (bench/profile-job records and calls it)
"""
import argparse
import collections
import os
import re
import subprocess
import sys

STACK_DEPTH = 256

# Phase: the innermost matching frame (leaf to root) inside the training loop decides.
PHASES = [
    ("optimizer", re.compile(r"^dev\.gatun\.optim\.")),
    ("validation", re.compile(r"^dev\.gatun\.train\.\w+\.(evaluate|predict)\(")),
    ("early stopping / weight copies", re.compile(r"^dev\.gatun\.train\.(EarlyStopping|GradientTraining\.weights)")),
    ("data pipeline (batches)", re.compile(r"^dev\.gatun\.(data\.|train\.Head\.targets|train\.SequenceTraining\.(ids|targets))")),
    ("backward", re.compile(r"^dev\.gatun\.autograd\.(Var\.backward|Tape|Backward)")),
    ("forward + loss", re.compile(r"^dev\.gatun\.(nn\.|autograd\.F\.|train\.(RecurrentModels|Head))")),
    ("progress / metrics", re.compile(r"^dev\.gatun\.train\.(ProgressBar|NonFiniteGuard|Head\.predict|\w+\.correct\()")),
]
LOOP = re.compile(r"^dev\.gatun\.train\.(GradientTraining|SequenceTraining)\.train\(")
LOOP_OTHER = "training loop, other"
OUTSIDE = "outside the loop (JVM start, class loading, data loading, CLI)"

# Kind of work: the first matching frame from the leaf decides.
KINDS = [
    ("native: kernel execution", re.compile(r"^dev\.gatun\.ffi\.\w+\.\w+\.(dnnl_primitive_execute|dnnl_stream_wait|cblas_|\w*gemm)")),
    ("native: other calls (primitive creation, handles)", re.compile(r"^dev\.gatun\.ffi\.")),
    ("allocation, zeroing and scopes", re.compile(
        r"^(dev\.gatun\.tensor\.(Scope|StepMemory|SegmentFactories|Storage|Tensor\.(zeros|empty|allocate))"
        r"|jdk\.internal\.foreign\.(\w+Arena|SegmentFactories|NativeMemorySegmentImpl\.make|ArenaImpl|MemorySessionImpl)"
        r"|jdk\.internal\.misc\.Unsafe\.(setMemory|allocateMemory|freeMemory|copyMemory))")),
    ("Java kernels (Vector API, scalar loops)", re.compile(
        r"^(jdk\.incubator\.vector\.|jdk\.internal\.vm\.vector\.|dev\.gatun\.backend\.(java|scalar)\.|dev\.gatun\.optim\.\w*Kernels)")),
    ("thread pools", re.compile(r"^(java\.util\.concurrent\.|dev\.gatun\.\w+\.\w*(Parallel|Pool|Threads))")),
    ("autograd bookkeeping", re.compile(r"^dev\.gatun\.autograd\.")),
    ("backend dispatch and checks", re.compile(r"^dev\.gatun\.(backend|tensor)\.")),
    ("layers, losses, optimizer logic", re.compile(r"^dev\.gatun\.(nn|optim)\.")),
    ("training loop code", re.compile(r"^dev\.gatun\.(train|data)\.")),
]
JDK = "JDK code not called from Gatun (start-up, CLI)"


def events(jfr, path, wall):
    """(type, thread, weight, frames) per sample, frames leaf first."""
    have = subprocess.run([jfr, "summary", path], capture_output=True, text=True, check=True).stdout
    cpu = re.search(r"jdk\.CPUTimeSample\s+(\d+)", have)
    use_cpu = cpu and int(cpu.group(1)) > 0 and not wall
    types = "jdk.CPUTimeSample" if use_cpu else "jdk.ExecutionSample,jdk.NativeMethodSample"
    text = subprocess.run([jfr, "print", "--events", types, "--stack-depth", str(STACK_DEPTH), path],
                          capture_output=True, text=True, check=True).stdout
    out, kind, thread, weight, frames, in_stack = [], None, "?", 1.0, [], False
    for line in text.splitlines():
        s = line.strip()
        if s.endswith("{") and s.startswith("jdk."):
            kind, thread, weight, frames = s[:-2].strip(), "?", 1.0, []
        elif s.startswith(("sampledThread =", "eventThread =")):
            thread = s.split('"')[1]
        elif s.startswith("samplingPeriod ="):
            value, unit = s.split("=")[1].split()
            weight = float(value) * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}.get(unit, 1.0)
        elif s == "stackTrace = [":
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
        elif in_stack and s != "...":
            frames.append(s)
        elif s == "}" and kind:
            out.append((kind, thread, weight, frames))
            kind = None
    return types, out


def phase_of(frames):
    if not any(LOOP.match(f) for f in frames):
        return OUTSIDE
    for f in frames:
        for name, rx in PHASES:
            if rx.match(f):
                return name
    return LOOP_OTHER


def kind_of(kind, frames):
    """The first frame from the leaf that a rule names; general JDK frames (collections, memory
    segment checks, method handles) count to the Gatun code that called them."""
    for f in frames:
        for name, rx in KINDS:
            if rx.match(f):
                return name
    return "native: JDK" if kind == "jdk.NativeMethodSample" else JDK


def table(title, counter, total):
    rows = [f"| {title} | share |", "|---|---|"]
    for name, w in counter.most_common():
        rows.append(f"| {name} | {100 * w / total:.1f}% |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jfr_file")
    ap.add_argument("--title", default=None)
    ap.add_argument("--jfr", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr"))
    ap.add_argument("--top", type=int, default=12, help="how many hottest leaf methods to list")
    ap.add_argument("--execution-samples", action="store_true",
                    help="use jdk.ExecutionSample + jdk.NativeMethodSample even when CPU-time samples are there")
    a = ap.parse_args()
    types, samples = events(a.jfr, a.jfr_file, a.execution_samples)
    if not samples:
        sys.exit(f"{a.jfr_file}: no samples ({types})")
    by_thread = collections.Counter()
    phases, kinds, in_loop_kinds, leaves = (collections.Counter() for _ in range(4))
    matrix = collections.defaultdict(collections.Counter)
    for kind, thread, w, frames in samples:
        by_thread["main" if thread == "main" else "other threads (JIT compiler, GC helpers, ...)"] += w
        if thread != "main":
            continue
        p, k = phase_of(frames), kind_of(kind, frames)
        phases[p] += w
        kinds[k] += w
        matrix[p][k] += w
        if p != OUTSIDE:
            in_loop_kinds[k] += w
            if frames:
                leaves[re.sub(r"\(.*", "", frames[0])] += w
    total_all, main = sum(by_thread.values()), sum(phases.values())
    loop = main - phases[OUTSIDE]
    print(f"## {a.title or os.path.basename(a.jfr_file)}\n")
    print(f"{len(samples)} samples ({types}); main thread {100 * main / total_all:.0f}% of the sampled CPU time,"
          f" the training loop {100 * loop / max(main, 1e-9):.0f}% of the main thread's.\n")
    print(table("phase (main thread)", phases, main) + "\n")
    if loop > 0:
        print(table("kind of work, inside the training loop", in_loop_kinds, loop) + "\n")
        print("| phase | " + " | ".join(k for k, _ in in_loop_kinds.most_common()) + " |")
        print("|---|" + "---|" * len(in_loop_kinds))
        for p, _ in phases.most_common():
            if p == OUTSIDE:
                continue
            print(f"| {p} | " + " | ".join(f"{100 * matrix[p][k] / loop:.1f}%" for k, _ in in_loop_kinds.most_common())
                  + " |")
        print()
        print(table("hottest leaf methods in the loop", collections.Counter(dict(leaves.most_common(a.top))), loop) + "\n")
    print(table("threads", by_thread, total_all) + "\n")


if __name__ == "__main__":
    main()
