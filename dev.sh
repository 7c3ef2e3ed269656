#!/usr/bin/env bash
# Set up .venv in this checkout (once; again when the dependencies change), then run:
#   ./dev.sh chat            start the chat UI at http://127.0.0.1:7860
#   ./dev.sh test [ARGS]     run the test suite (ARGS go to pytest)
#   ./dev.sh bench           run the benchmarks (bench/), print their tables, write plots
#   ./dev.sh setup           only set up
set -euo pipefail
cd "$(dirname "$0")"

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/groundbot"
# llama.cpp is compiled from source (about 5 minutes on 2 cores), once per machine and
# instruction set. Not -march=native: on CPUs that report AMX tiles that build takes an
# AMX code path which crashes (SIGSEGV) in the virtual machines this project runs on.
LLAMA_VERSION=0.3.36
cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has() { for f; do [[ "$cpu_flags" == *" $f "* ]] || return 1; done; }
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
if has avx2 fma f16c bmi2; then
  LLAMA_CMAKE_ARGS+=" -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
  if has avx512f avx512bw avx512vl avx512vbmi avx512_vnni avx512_bf16 avx_vnni; then
    LLAMA_CMAKE_ARGS+=" -DGGML_AVX512=ON -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON -DGGML_AVX_VNNI=ON"
  fi
fi
WHEELS="$CACHE/wheels/llama-$(printf '%s' "$LLAMA_VERSION $LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-12)"

python_bin() {
  for p in python3.11 python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      echo "$p"; return
    fi
  done
  echo "dev.sh: Python 3.11 is needed (python3.11 not found)" >&2; exit 1
}

setup() {
  local stamp=".venv/.installed-$(cat pyproject.toml dev.sh | sha256sum | cut -c1-16)"
  [ -f "$stamp" ] && return
  echo "==> setting up .venv (first time: about 7 minutes)"
  [ -x .venv/bin/python ] || "$(python_bin)" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  # The CPU build of torch first, so that nothing resolves a multi-GB CUDA build.
  .venv/bin/pip install -q torch==2.13.0
  if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
    echo "==> compiling llama.cpp (llama-cpp-python $LLAMA_VERSION, about 5 minutes)"
    mkdir -p "$WHEELS"
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" .venv/bin/pip wheel -q --no-cache-dir --no-deps \
      "llama-cpp-python==$LLAMA_VERSION" -w "$WHEELS"
  fi
  .venv/bin/pip install -q --find-links "$WHEELS" -e ".[test,bench]"
  rm -f .venv/.installed-*
  touch "$stamp"
}

browser() {
  # The UI tests drive a real headless Chromium (Debian's package; no browser download).
  command -v chromium >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "dev.sh: chromium is missing and cannot be installed here; the browser tests will be skipped" >&2
  fi
}

cmd="${1:-chat}"
shift || true
case "$cmd" in
  setup) setup ;;
  chat) setup; exec .venv/bin/python app.py "$@" ;;
  test) setup; browser; exec .venv/bin/python -m pytest "$@" ;;
  bench) setup; .venv/bin/python bench/bench_answer.py "$@"; .venv/bin/python bench/bench_decode.py
         .venv/bin/python bench/bench_blocks.py
         .venv/bin/python bench/bench_load.py; .venv/bin/python bench/bench_batch.py
         .venv/bin/python bench/bench_scaleout.py
         .venv/bin/python bench/bench_retrieval.py; exec .venv/bin/python bench/bench_sources.py ;;
  *) echo "usage: ./dev.sh chat | test [pytest args] | bench | setup" >&2; exit 2 ;;
esac
