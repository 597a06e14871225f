# Sourced by bench/e2e and bench/suite: PyTorch 1.13's best set-up on this machine, for one process.
#   - Debian's OpenMP build of OpenBLAS (libopenblas0-openmp) through LD_LIBRARY_PATH, so that BLAS
#     runs in PyTorch's OpenMP pool instead of a second, spinning pthread pool; it is fetched with
#     `apt-get download` and unpacked into bench/target (the system's BLAS stays as it is);
#   - OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (an environment that forces a kernel keeps OpenBLAS
#     from choosing its own), unless pytorch_best_kernel found a named kernel faster than OpenBLAS's own
#     choice: Debian's OpenBLAS 0.3.21 does not know every recent CPU model and then falls back to
#     Prescott (SSE3), several times slower than Haswell or SkylakeX on a CPU with AVX2/AVX-512;
#   - glibc's trim and mmap thresholds raised, so that freed tensors are not returned to the kernel
#     and faulted in again every step.
# pytorch_best_blas BASEDIR   sets OMP_BLAS_DIR to the unpacked library's folder, or to "" (with one
#                             line on stderr) when the package cannot be had.
# pytorch_best_kernel PYTHON BASEDIR
#                             sets PYTORCH_BEST_CORETYPE to "" (OpenBLAS's own choice) or to the kernel
#                             (Haswell, SkylakeX, as the CPU's flags allow) whose 1-thread sgemm beat it by
#                             more than 10% under the set-up above; prints what it measured.
# pytorch_best CMD...         runs CMD with the set-up above.
# tuned_env CMD...            the same without the OpenMP OpenBLAS: the kernel choice and glibc thresholds,
#                             for the JVM peers (DL4J's own OpenBLAS has the same fallback to Prescott).
# ensure_torch PYTHON         on a fresh machine with no torch for PYTHON: installs Debian's python3-torch
#                             (apt-get, as root) so that the peers run from a clean checkout; says so on stderr.

pytorch_best_blas() {
  OMP_BLAS_DIR="$1/bench/target/openblas-openmp/usr/lib/x86_64-linux-gnu/openblas-openmp"
  if [ ! -f "$OMP_BLAS_DIR/libopenblas.so.0" ]; then
    echo "== fetching libopenblas0-openmp (apt-get download; extracted into bench/target, not installed)" >&2
    mkdir -p "$1/bench/target/deb"
    (cd "$1/bench/target/deb" && apt-get download libopenblas0-openmp >&2 2>/dev/null || true)
    deb=$(ls "$1"/bench/target/deb/libopenblas0-openmp_*.deb 2>/dev/null | head -1)
    if [ -n "$deb" ]; then dpkg-deb -x "$deb" "$1/bench/target/openblas-openmp"; fi
  fi
  if [ ! -f "$OMP_BLAS_DIR/libopenblas.so.0" ]; then
    echo "== no OpenMP OpenBLAS: PyTorch's best set-up keeps the system OpenBLAS" >&2
    OMP_BLAS_DIR=""
  fi
}

pytorch_best_kernel() {
  PYTORCH_BEST_CORETYPE=""
  own=$(pytorch_best "$1" "$2/bench/pytorch/peer.py" --blas-probe 2>/dev/null)
  best_gf=$(echo "$own" | cut -d' ' -f2)
  echo "== OpenBLAS kernel for PyTorch's best set-up: its own choice ${own:-failed} GFLOP/s" >&2
  [ -n "$best_gf" ] || return 0
  candidates=""
  grep -qw avx2 /proc/cpuinfo && candidates="Haswell"
  grep -qw avx512f /proc/cpuinfo && candidates="$candidates SkylakeX"
  for k in $candidates; do
    chosen=$PYTORCH_BEST_CORETYPE
    PYTORCH_BEST_CORETYPE=$k
    r=$(pytorch_best "$1" "$2/bench/pytorch/peer.py" --blas-probe 2>/dev/null)
    PYTORCH_BEST_CORETYPE=$chosen
    gf=$(echo "$r" | cut -d' ' -f2)
    echo "   forced $k: ${r:-failed} GFLOP/s" >&2
    if [ -n "$gf" ] && awk -v a="$gf" -v b="$best_gf" 'BEGIN { exit !(a > 1.1 * b) }'; then
      PYTORCH_BEST_CORETYPE=$k; best_gf=$gf
    fi
  done
  echo "   chosen: ${PYTORCH_BEST_CORETYPE:-the one OpenBLAS picks}" >&2
}

pytorch_best() {
  tuned_env ${OMP_BLAS_DIR:+LD_LIBRARY_PATH=$OMP_BLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}} "$@"
}

tuned_env() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_MMAP_THRESHOLD_=1073741824 \
    ${PYTORCH_BEST_CORETYPE:+OPENBLAS_CORETYPE=$PYTORCH_BEST_CORETYPE} "$@"
}

ensure_torch() {
  "$1" -c "import torch" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== no torch for $1: installing Debian's python3-torch (apt-get)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch; } >/dev/null 2>&1 \
      || echo "== apt-get install python3-torch failed" >&2
  fi
  "$1" -c "import torch" >/dev/null 2>&1
}
