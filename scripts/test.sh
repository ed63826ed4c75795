#!/usr/bin/env bash
# Runs every test MeetingBot has: the .NET test projects and each Node test suite in the repository
# (a folder with a package.json whose "test" script runs node's test runner).
# Installs what the tests need on a fresh machine: Debian's redis-server and redis-cli (the state tests start their own
# server, and a Redis Cluster of three), Debian's nginx (the local cluster test), Debian's chromium (for the browser
# tests) and the pinned npm packages.
# Ends with one line: "N passed, N failed" (", N skipped" when any were skipped); exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

passed=0 failed=0 skipped=0 broken=0

# Installs a Debian package unless its command is already on the PATH: ensure_debian_package <command> <package> <why>.
ensure_debian_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "== installing $2 (Debian package) $3"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

node_suites=$(git ls-files '*package.json' | grep -v node_modules | xargs -r -n1 dirname | sort)
needs_browser=0
for suite in $node_suites; do
  grep -q '"test"' "$suite/package.json" && grep -q 'playwright' "$suite/package.json" && needs_browser=1
done
[ "$needs_browser" -eq 1 ] && { ensure_debian_package chromium chromium "for the browser tests" || { echo "could not install chromium"; broken=$((broken + 1)); }; }
# The state tests start their own redis-server on a free loopback port (and fail, never skip, without it).
ensure_debian_package redis-server redis-server "for the state tests" || { echo "could not install redis-server"; broken=$((broken + 1)); }
# The Redis Cluster tests join three redis-servers with redis-cli --cluster create (redis-tools, which redis-server pulls in).
ensure_debian_package redis-cli redis-tools "for the Redis Cluster tests" || { echo "could not install redis-tools"; broken=$((broken + 1)); }
# The local-cluster test runs scripts/cluster.sh, which puts Debian's nginx in front of three replicas.
ensure_debian_package nginx nginx "for the local cluster test" || { echo "could not install nginx"; broken=$((broken + 1)); }

echo "== dotnet test"
dotnet build MeetingBot.sln -c Release --nologo -v quiet || broken=$((broken + 1))
dotnet test MeetingBot.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results/dotnet" 2>&1 | tee "$results/dotnet.log"
[ "${PIPESTATUS[0]}" -ne 0 ] && ! grep -qE '^Failed!' "$results/dotnet.log" && broken=$((broken + 1))
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/^(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$results/dotnet.log")

for suite in $node_suites; do
  grep -q '"test"' "$suite/package.json" || continue
  echo "== node tests in $suite"
  log="$results/node-$(echo "$suite" | tr '/' '-').log"
  (cd "$suite" && npm ci --no-audit --no-fund --loglevel=error && npm test) 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  p=$(sed -nE 's/^(# |ℹ )pass ([0-9]+)$/\2/p' "$log" | tail -1)
  f=$(sed -nE 's/^(# |ℹ )fail ([0-9]+)$/\2/p' "$log" | tail -1)
  s=$(sed -nE 's/^(# |ℹ )skipped ([0-9]+)$/\2/p' "$log" | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ] && broken=$((broken + 1))
done

# A runner that crashed before reporting counts as one failure, so the summary never hides it.
failed=$((failed + broken))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
