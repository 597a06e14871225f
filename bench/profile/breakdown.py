#!/usr/bin/env python3
"""Where the CPU time of a `gatun train` run goes, from a JFR recording: the share of samples by
phase (startup, training forward/backward, optimizer, validation, data pipeline, ...) and by kind
of work (native kernel calls, Java/Vector API kernels, autograd bookkeeping, allocation and
scopes, thread pools, ...), as a markdown report.

Samples: jdk.CPUTimeSample (JDK 25's CPU-time sampler: counts time in native code too; each
sample weighted by its samplingPeriod) when the recording has them, else jdk.ExecutionSample
plus jdk.NativeMethodSample (threads in native code), equally weighted; only threads that run
Java are sampled, so OpenMP worker threads of the native libraries are invisible (see the note).

Usage: breakdown.py FILE.jfr... [--title T] [--jfr /path/to/jfr]   (bench/profile-job records and calls it)
       breakdown.py --summary FILE.jfr...   one row per recording: the loop's shares by phase and by kind
"""
import argparse
import collections
import os
import re
import subprocess
import sys

STACK_DEPTH = 256

# Phase: the outermost matching frame inside the training loop decides (see phase_of).
PHASES = [
    ("optimizer", re.compile(r"^dev\.gatun\.optim\.")),
    ("validation", re.compile(r"^dev\.gatun\.train\.\w+\.(evaluate|predict)\(")),
    ("early stopping / weight copies", re.compile(r"^dev\.gatun\.train\.(EarlyStopping|Trainer\.weights)")),
    ("data pipeline (batches)", re.compile(r"^dev\.gatun\.(data\.|train\.Examples|train\.Trainer\$Batches)")),
    ("backward", re.compile(r"^dev\.gatun\.autograd\.(Var\.backward|Tape|Backward)")),
    ("forward + loss", re.compile(r"^dev\.gatun\.(nn\.|autograd\.|(train|cli\.models)\.RecurrentModels)")),
    ("progress / metrics", re.compile(
        r"^dev\.gatun\.((train|report)\.(ProgressBar|NonFiniteGuard|\w+\.correct\()|bench\.e2e\.TimedTrain)")),
]
LOOP = re.compile(r"^dev\.gatun\.train\.Trainer\.fit\(")
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
        r"^(jdk\.incubator\.vector\.|jdk\.internal\.vm\.vector\.|dev\.gatun\.backend\.(java|vector|scalar)\.|dev\.gatun\.optim\.\w*Kernels)")),
    ("thread pools", re.compile(r"^(java\.util\.concurrent\.|dev\.gatun\.\w+\.\w*(Parallel|Pool|Threads))")),
    ("autograd bookkeeping", re.compile(r"^dev\.gatun\.autograd\.")),
    ("backend dispatch and checks", re.compile(r"^dev\.gatun\.(backend|tensor|ops)\.")),
    ("layers, losses, optimizer logic", re.compile(r"^dev\.gatun\.(nn|optim)\.")),
    ("training loop code", re.compile(r"^dev\.gatun\.(train|data|report|cli\.models)\.")),
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
    """The outermost phase frame below the training loop's: a backward closure defined in F stays
    backward, a forward inside validation stays validation."""
    inside = False
    for f in reversed(frames):  # root first
        if LOOP.match(f):
            inside = True
        elif inside:
            for name, rx in PHASES:
                if rx.match(f):
                    return name
    return LOOP_OTHER if inside else OUTSIDE


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


class Profile:
    """The weighted samples of one recording, by phase, by kind of work and by leaf method."""

    def __init__(self, jfr, path, execution_samples):
        self.types, self.samples = events(jfr, path, execution_samples)
        if not self.samples:
            sys.exit(f"{path}: no samples ({self.types})")
        self.by_thread = collections.Counter()
        self.phases, self.in_loop_kinds, self.leaves = (collections.Counter() for _ in range(3))
        self.matrix = collections.defaultdict(collections.Counter)
        for kind, thread, w, frames in self.samples:
            self.by_thread["main" if thread == "main" else "other threads (JIT compiler, GC helpers, ...)"] += w
            if thread != "main":
                continue
            p, k = phase_of(frames), kind_of(kind, frames)
            self.phases[p] += w
            self.matrix[p][k] += w
            if p != OUTSIDE:
                self.in_loop_kinds[k] += w
                if frames:
                    self.leaves[re.sub(r"\(.*", "", frames[0])] += w
        self.total = sum(self.by_thread.values())
        self.main = sum(self.phases.values())
        self.loop = self.main - self.phases[OUTSIDE]

    def report(self, title, top):
        out = [f"## {title}\n",
               f"{len(self.samples)} samples ({self.types}); main thread {100 * self.main / self.total:.0f}% of the sampled"
               f" CPU time, the training loop {100 * self.loop / max(self.main, 1e-9):.0f}% of the main thread's.\n",
               table("phase (main thread)", self.phases, self.main) + "\n"]
        if self.loop > 0:
            kinds = [k for k, _ in self.in_loop_kinds.most_common()]
            out.append(table("kind of work, inside the training loop", self.in_loop_kinds, self.loop) + "\n")
            out.append("| phase (share of the loop) | " + " | ".join(kinds) + " |")
            out.append("|---|" + "---|" * len(kinds))
            for p, _ in self.phases.most_common():
                if p != OUTSIDE:
                    out.append(f"| {p} | " + " | ".join(f"{100 * self.matrix[p][k] / self.loop:.1f}%" for k in kinds) + " |")
            out.append("")
            out.append(table("hottest leaf methods in the loop", collections.Counter(dict(self.leaves.most_common(top))),
                             self.loop) + "\n")
        out.append(table("threads", self.by_thread, self.total) + "\n")
        return "\n".join(out)


def summary(profiles):
    """One row per recording: the training loop's samples by phase, then by kind of work."""
    phases = [p for p, _ in PHASES] + [LOOP_OTHER]
    kinds = [k for k, _ in KINDS] + [JDK]
    out = ["| job | loop share of main | " + " | ".join(phases) + " |", "|---|---|" + "---|" * len(phases)]
    for name, pr in profiles:
        loop = max(pr.loop, 1e-9)
        out.append(f"| {name} | {100 * pr.loop / pr.main:.0f}% | "
                   + " | ".join(f"{100 * pr.phases[p] / loop:.0f}%" for p in phases) + " |")
    out += ["", "| job | " + " | ".join(kinds) + " |", "|---|" + "---|" * len(kinds)]
    for name, pr in profiles:
        loop = max(pr.loop, 1e-9)
        out.append(f"| {name} | " + " | ".join(f"{100 * pr.in_loop_kinds[k] / loop:.0f}%" for k in kinds) + " |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("jfr_files", nargs="+")
    ap.add_argument("--title", default=None)
    ap.add_argument("--jfr", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr"))
    ap.add_argument("--top", type=int, default=12, help="how many hottest leaf methods to list")
    ap.add_argument("--summary", action="store_true", help="one table row per recording (named after the file)")
    ap.add_argument("--execution-samples", action="store_true",
                    help="use jdk.ExecutionSample + jdk.NativeMethodSample even when CPU-time samples are there")
    a = ap.parse_args()
    profiles = [(os.path.basename(f).removesuffix(".jfr"), Profile(a.jfr, f, a.execution_samples)) for f in a.jfr_files]
    if a.summary:
        print(summary(profiles))
        return
    for name, pr in profiles:
        print(pr.report(a.title or name, a.top))


if __name__ == "__main__":
    main()
