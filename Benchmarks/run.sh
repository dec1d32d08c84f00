#!/usr/bin/env bash
# Residue's throughput benchmark. Run from the repository root: ./Benchmarks/run.sh (or make bench).
#
# Builds the release binary, generates (once, cached) the benchmark corpora under .build-bench/,
# then measures with a warm page cache and prints a table; the figures also go to
# .build-bench/results.json. See Benchmarks/README.md for what is measured and the targets.
#
# Environment:
#   BENCH_RUNS=5            timed runs per figure (the median is reported), after one warm-up run
#   BENCH_STARTUP_RUNS=30   timed runs of the empty-folder start-up
#   BENCH_SIZE_MB=512       size of the main corpus in MB (10^6 bytes; at least 500 for real figures)
#   BENCH_TINY_FILES=100000 files in the tiny-file corpus
#   BENCH_SEED=1            generator seed
#   BENCH_SCALING=0         1: also scan 2x and 4x corpora (hard-linked copies of the main one)
#   BENCH_ONLY=             comma-separated subset of: scan,rss,startup,threads,tiny,ripgrep,scaling
#   BENCH_RULES=auto        auto or builtin: the built-in rules; or a rule pack path (file or
#                           folder) to add with --rules
#   BENCH_RIPGREP=1         0: skip the ripgrep comparison
#   BENCH_INSTALL=1         0: never apt-get install `time` / `ripgrep` when they are missing
#   BENCH_BUILD=1           0: do not build; use the binary already in BENCH_BUILD_PATH
#   BENCH_BUILD_PATH=.build SwiftPM scratch path of the release build
#   BENCH_RESIDUE=          a residue binary to measure instead (no build)
#   BENCH_DIR=.build-bench  where corpora, the report and results.json go (git-ignored)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)

BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_STARTUP_RUNS=${BENCH_STARTUP_RUNS:-30}
BENCH_SIZE_MB=${BENCH_SIZE_MB:-512}
BENCH_TINY_FILES=${BENCH_TINY_FILES:-100000}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_SCALING=${BENCH_SCALING:-0}
BENCH_RULES=${BENCH_RULES:-auto}
BENCH_RIPGREP=${BENCH_RIPGREP:-1}
BENCH_INSTALL=${BENCH_INSTALL:-1}
BENCH_BUILD=${BENCH_BUILD:-1}
BENCH_BUILD_PATH=${BENCH_BUILD_PATH:-.build}
BENCH_DIR=${BENCH_DIR:-.build-bench}
GENERATOR="$ROOT/Benchmarks/generate_corpus.py"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 2; }

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

# --- Tools ---------------------------------------------------------------------------------------
apt_install() {
    [ "$BENCH_INSTALL" = 1 ] || return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || return 1
        sudo="sudo"
    fi
    say "installing $*"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null 2>&1
}

if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    apt_install time || die "GNU time (/usr/bin/time) is missing: apt-get install time"
fi
if [ "$BENCH_RIPGREP" = 1 ] && ! command -v rg >/dev/null 2>&1; then
    apt_install ripgrep || say "ripgrep is not installed; the ripgrep comparison is skipped"
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed"

# --- Binary --------------------------------------------------------------------------------------
if [ -n "${BENCH_RESIDUE:-}" ]; then
    RESIDUE=$(cd "$(dirname "$BENCH_RESIDUE")" && pwd)/$(basename "$BENCH_RESIDUE")
else
    if [ "$BENCH_BUILD" = 1 ]; then
        say "building the release binary (swift build -c release --product residue)"
        if [ -x scripts/bootstrap.sh ]; then ./scripts/bootstrap.sh; fi
        swift build -c release --product residue --scratch-path "$BENCH_BUILD_PATH" >&2
    fi
    BIN_DIR=$(swift build -c release --product residue --scratch-path "$BENCH_BUILD_PATH" --show-bin-path)
    RESIDUE="$BIN_DIR/residue"
fi
[ -x "$RESIDUE" ] || die "$RESIDUE does not exist (build it, or set BENCH_BUILD=1)"

# --- Rules ---------------------------------------------------------------------------------------
RULE_ARGS=()
RULES_LABEL="built-in"
builtin_count=$("$RESIDUE" rules --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
case "$BENCH_RULES" in
    auto|builtin)
        [ "$builtin_count" -gt 0 ] || die "the binary has no built-in rules: run 'make rules' and rebuild"
        ;;
    *)
        [ -e "$BENCH_RULES" ] || die "BENCH_RULES: $BENCH_RULES does not exist"
        RULE_ARGS=(--rules "$(cd "$(dirname "$BENCH_RULES")" && pwd)/$(basename "$BENCH_RULES")")
        RULES_LABEL="built-in + $BENCH_RULES"
        ;;
esac
"$RESIDUE" rules --format json "${RULE_ARGS[@]}" >"$BENCH_DIR/rules.json"

# --- Corpora (cached; regenerated when the generator or its arguments change) ---------------------
gen_hash=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' "$GENERATOR")

# ensure_corpus NAME STAMP-TEXT COMMAND...: runs COMMAND with $tmp as the output folder unless the
# corpus exists with the same stamp.
ensure_corpus() {
    local name=$1 stamp=$2
    shift 2
    local dir="$BENCH_DIR/$name"
    if [ -d "$dir" ] && [ "$(cat "$dir.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    say "generating $name ($stamp)"
    rm -rf "$dir" "$dir.tmp" "$dir.stamp"
    tmp="$dir.tmp"
    "$@"
    mv "$tmp" "$dir"
    printf '%s\n' "$stamp" >"$dir.stamp"
}

gen_main() { python3 "$GENERATOR" "$tmp" --size-mb "$BENCH_SIZE_MB" --seed "$BENCH_SEED" --manifest "$BENCH_DIR/corpus-main.manifest.json"; }
gen_tiny() { python3 "$GENERATOR" "$tmp" --tiny-files "$BENCH_TINY_FILES" --seed "$BENCH_SEED" --manifest "$BENCH_DIR/corpus-tiny.manifest.json"; }
# The 2x and 4x corpora are hard-linked copies of the main one: exactly k times its files and
# bytes, no extra disk, and the page cache holds them once.
gen_copies() {
    local k=$1 i
    mkdir -p "$tmp"
    for i in $(seq 1 "$k"); do cp -al "$BENCH_DIR/corpus-main" "$tmp/copy-$i"; done
}

main_stamp="gen=$gen_hash size=$BENCH_SIZE_MB seed=$BENCH_SEED"
ensure_corpus corpus-main "$main_stamp" gen_main
ensure_corpus corpus-tiny "gen=$gen_hash tiny=$BENCH_TINY_FILES seed=$BENCH_SEED" gen_tiny
case ",${BENCH_ONLY:-}," in *,scaling,*) BENCH_SCALING=1 ;; esac
if [ "$BENCH_SCALING" = 1 ]; then
    ensure_corpus corpus-2x "copies=2 of $main_stamp" gen_copies 2
    ensure_corpus corpus-4x "copies=4 of $main_stamp" gen_copies 4
fi
rm -rf "$BENCH_DIR/corpus-empty" && mkdir -p "$BENCH_DIR/corpus-empty"

# --- Keywords for ripgrep ------------------------------------------------------------------------
python3 - "$BENCH_DIR/rules.json" >"$BENCH_DIR/keywords.txt" <<'EOF'
import json, sys
seen, out = set(), []
for rule in json.load(open(sys.argv[1])):
    for keyword in rule.get("keywords", []):
        if keyword.lower() not in seen:
            seen.add(keyword.lower())
            out.append(keyword)
print("\n".join(out))
EOF

# --- Measure -------------------------------------------------------------------------------------
export BENCH_ONLY="${BENCH_ONLY:-}"
case ",$BENCH_ONLY," in *,scaling,*) BENCH_SCALING=1 ;; esac
export BENCH_RUNS BENCH_STARTUP_RUNS BENCH_SCALING BENCH_RIPGREP BENCH_DIR RESIDUE RULES_LABEL builtin_count
export BENCH_RULE_ARGS
BENCH_RULE_ARGS=$(printf '%s\n' "${RULE_ARGS[@]+"${RULE_ARGS[@]}"}")
exec python3 "$ROOT/Benchmarks/measure.py"
