# Sourced by ./mvnw, ./gatun and .ci/run. Sets JAVA_HOME to a JDK whose feature
# version is 25 or newer, or prints one line saying what is needed and fails.
# Order: $GATUN_JAVA_HOME, $JAVA_HOME, the `java` on PATH, then the usual
# install folders; among those folders the newest JDK wins.

gatun_jdk_feature() {
  # Prints the feature version (17, 25, ...) of the JDK in folder $1, or nothing.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=""
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  echo "$v"
}

gatun_find_jdk25() {
  best="" best_v=0 seen=""
  for c in "${GATUN_JAVA_HOME-}" "${JAVA_HOME-}"; do
    [ -n "$c" ] || continue
    v=$(gatun_jdk_feature "$c")
    seen="$seen ${c}(${v:-not a JDK})"
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA_HOME="$c"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(gatun_jdk_feature "$c")
    seen="$seen ${c}(${v:-?})"
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then JAVA_HOME="$c"; return 0; fi
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$c" ] || continue
    v=$(gatun_jdk_feature "$c")
    [ -n "$v" ] || continue
    if [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$c" best_v="$v"; fi
  done
  if [ -n "$best" ]; then JAVA_HOME="$best"; return 0; fi
  echo "gatun: needs a JDK 25 or newer (FFM and Vector API); none found (looked at:${seen:- nothing} and /usr/lib/jvm); install one or set JAVA_HOME to it" >&2
  return 1
}

gatun_find_jdk25 || exit 1
export JAVA_HOME
