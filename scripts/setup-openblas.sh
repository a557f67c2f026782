#!/bin/sh
# Gets Debian's BLAS builds for the benchmark's PyTorch sides without installing them: `apt-get
# download` + `dpkg -x` into bench/.cache/blas/VARIANT/ (git-ignored); the system's BLAS alternatives
# stay as they are. Prints the LD_LIBRARY_PATH that makes a process load that BLAS.
#
#   scripts/setup-openblas.sh [pthread|openmp|reference]     (default: pthread)
#
# pthread / openmp: libopenblas0-pthread / libopenblas0-openmp (libblas.so.3 and liblapack.so.3
# in …/openblas-VARIANT/); reference: netlib's libblas3 + liblapack3 (…/blas/ and …/lapack/).
set -eu

variant="${1:-pthread}"
case "$variant" in
  pthread | openmp) packages="libopenblas0-$variant" subdirs="openblas-$variant" ;;
  reference) packages="libblas3 liblapack3" subdirs="blas lapack" ;;
  *)
    echo "setup-openblas.sh: unknown variant '$variant'; expected pthread, openmp or reference" >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/bench/.cache/blas/$variant"

# The directories of the extracted libraries, colon-separated, or nothing if one is missing.
library_path() {
  found=""
  for subdir in $subdirs; do
    library="$(find "$target" -path "*/$subdir/lib*.so.3" 2>/dev/null | head -n 1)"
    [ -n "$library" ] || return 0
    found="${found:+$found:}$(dirname "$library")"
  done
  printf '%s\n' "$found"
}

if [ -z "$(library_path)" ]; then
  command -v apt-get >/dev/null 2>&1 || {
    echo "setup-openblas.sh: needs Debian's apt-get and dpkg to fetch $packages" >&2
    exit 1
  }
  download="$(mktemp -d)"
  trap 'rm -rf "$download"' EXIT
  # apt-get download writes into the current directory; its chatter goes to stderr. As root it
  # would hand the download to the _apt user, who cannot write into a private temporary folder.
  sandbox=""
  [ "$(id -u)" -ne 0 ] || sandbox="-o APT::Sandbox::User=root"
  if ! (cd "$download" && apt-get download $sandbox $packages >&2); then
    echo "setup-openblas.sh: 'apt-get download $packages' failed; run 'apt-get update' first" >&2
    exit 1
  fi
  rm -rf "$target"
  mkdir -p "$target"
  for deb in "$download"/*.deb; do dpkg -x "$deb" "$target"; done
fi

path="$(library_path)"
if [ -z "$path" ]; then
  echo "setup-openblas.sh: $packages unpacked into $target but no libblas.so.3/liblapack.so.3 found" >&2
  exit 1
fi
printf '%s\n' "$path"
