#!/bin/sh
# Regenerates the FFM bindings with jextract, for comparison with the committed classes.
#
# The classes in native/src/main/java/dev/gatun/ffi/{openblas,dnnl,gomp} are written by hand in
# jextract's shape (jextract is not on Maven Central or in Debian, so CI cannot run it). Where
# jextract is installed, this script extracts the headers from the carrier jars in ~/.m2, runs
# jextract with the argument files beside it, and writes the output to native/target/jextract-out/.
# It never overwrites the committed sources: diff the two, carry changes over by hand, keep the
# repository-specific parts (lazy NativeLibrary lookups, @CSignature, Dnnl.check), then run
#   ./mvnw -pl native -am verify
# whose BindingConformanceTest checks every committed signature, constant and layout against the
# same headers with the C compiler.
#
# Usage: native/jextract/regenerate.sh          (jextract on PATH, or JEXTRACT=/path/to/bin/jextract)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
NATIVE=$(dirname "$HERE")
M2="${MAVEN_USER_HOME:-$HOME/.m2}/repository"
CLASSIFIER="${GATUN_NATIVE_CLASSIFIER:-linux-x86_64}"
OPENBLAS_VERSION=0.3.31-1.5.13
DNNL_VERSION=3.13-1.5.14

JEXTRACT="${JEXTRACT:-$(command -v jextract || true)}"
if [ -z "$JEXTRACT" ] || [ ! -x "$JEXTRACT" ]; then
  echo "regenerate.sh: jextract not found (put it on PATH or set JEXTRACT=/path/to/jextract)." >&2
  echo "It comes from https://jdk.java.net/jextract/; it is not needed to build or test Gatun." >&2
  exit 2
fi

OUT="$NATIVE/target/jextract-out"
INC="$NATIVE/target/jextract-include"
rm -rf "$OUT" "$INC"
mkdir -p "$OUT" "$INC"

# Headers live in the same carrier jars as the libraries, next to them.
extract() { # artifact version
  jar="$M2/org/bytedeco/$1/$2/$1-$2-$CLASSIFIER.jar"
  [ -f "$jar" ] || { echo "regenerate.sh: $jar missing; run ./mvnw -pl native -am verify once" >&2; exit 1; }
  (cd "$INC" && unzip -q -o "$jar" "org/bytedeco/$1/$CLASSIFIER/include/*")
}
extract openblas "$OPENBLAS_VERSION"
extract dnnl "$DNNL_VERSION"
OPENBLAS_INC="$INC/org/bytedeco/openblas/$CLASSIFIER/include"
DNNL_INC="$INC/org/bytedeco/dnnl/$CLASSIFIER/include"
OMP_INC=$(cc -print-file-name=include)

"$JEXTRACT" --output "$OUT" -I "$OPENBLAS_INC" @"$HERE/cblas.args" "$OPENBLAS_INC/cblas.h"
"$JEXTRACT" --output "$OUT" -I "$DNNL_INC" @"$HERE/dnnl.args" "$DNNL_INC/oneapi/dnnl/dnnl.h"
"$JEXTRACT" --output "$OUT" -I "$OMP_INC" @"$HERE/gomp.args" "$OMP_INC/omp.h"

echo "Generated into $OUT. Compare, for example:"
echo "  diff -r $OUT/dev/gatun/ffi $NATIVE/src/main/java/dev/gatun/ffi"
