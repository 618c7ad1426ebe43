#!/usr/bin/env bash
# Local emulation of the tracegate GitHub Action's cache (pipelines/github/action.yml): runs the action's verify step
# on a project twice, first with nothing restored (a cache miss), then with ~/.cache/tracegate and ~/.m2/repository
# restored by copying what the first run left (a hit). Not a GitHub-hosted run: no runner, no actions/cache transfer.
#
#   tools/emulate-action-cache.sh PROJECT_DIR [WORK_DIR]
#
# PROJECT_DIR has tracegate installed (npx --no tracegate) and its tracegate.config.yaml; WORK_DIR (default
# /tmp/tracegate-action-cache) holds the emulated runner HOME, the saved cache, logs and times.txt. HOME stays at one
# path, as on a hosted runner: virtualenvs name their own absolute path. The `node` on PATH plays actions/setup-node.
set -uo pipefail
project=$(cd "${1:?usage: emulate-action-cache.sh PROJECT_DIR [WORK_DIR]}" && pwd)
root=${2:-/tmp/tracegate-action-cache}
home=$root/home
saved=$root/saved
mkdir -p "$root"
export HOME=$home MAVEN_OPTS="-Duser.home=$home" PACT_DO_NOT_TRACK=true # Maven reads its home from passwd otherwise
unset npm_config_cache TRACEGATE_CACHE

# The action's "Compute the tool cache key" and "Run tracegate verify" steps, timed together.
run_action() {
  local label=$1 started code version
  started=$(date +%s)
  cd "$project" || exit 1
  version="$(node -p "require('@tracegate/harness/package.json').version")"
  echo "$label: cache key tracegate-Linux-X64-$version-kafka-default" >> "$root/times.txt"
  TRACEGATE_ANNOTATIONS=false npx --no -- tracegate verify --config tracegate.config.yaml --reports "$root/reports-$label" \
    > "$root/$label.log" 2>&1 && code=0 || code=$?
  echo "$label: tracegate verify exit=$code seconds=$(($(date +%s) - started)) load=$(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$root/times.txt"
}

rm -rf "$home" && mkdir -p "$home"
run_action cold
# What actions/cache saves after the cold job...
rm -rf "$saved" && mkdir -p "$saved/.cache" "$saved/.m2"
cp -a "$home/.cache/tracegate" "$saved/.cache/" && cp -a "$home/.m2/repository" "$saved/.m2/"
du -sh "$saved/.cache/tracegate" "$saved/.m2/repository" | tee -a "$root/times.txt"
# ...and restores into a new runner's HOME at the same path.
rm -rf "$home" && mkdir -p "$home/.cache" "$home/.m2"
started=$(date +%s)
cp -a "$saved/.cache/tracegate" "$home/.cache/" && cp -a "$saved/.m2/repository" "$home/.m2/"
echo "restore (cp -a): seconds=$(($(date +%s) - started))" | tee -a "$root/times.txt"
run_action warm
