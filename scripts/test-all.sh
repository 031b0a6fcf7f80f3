#!/usr/bin/env bash
# npm test: every stage runs, even after an earlier one failed, and the exit code at the end says
# whether all of them passed. A stage that needs the production build is not run without one.
set -u
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
summary=()

stage() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  local started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    summary+=("  ok      $name ($((SECONDS - started)) s)")
  else
    failed=$((failed + 1))
    summary+=("  FAILED  $name ($((SECONDS - started)) s)")
  fi
}

stage "unit and database tests (SQLite)" npm run --silent test:unit
stage "database tests (PostgreSQL)" npm run --silent test:db:postgres
failed_before_build=$failed
stage "production build" npm run --silent build
if [ "$failed" -eq "$failed_before_build" ]; then
  stage "HTTP API and browser tests (Playwright)" npm run --silent test:e2e
  stage "benchmark smoke test" npm run --silent test:bench-smoke
else
  failed=$((failed + 2))
  summary+=("  FAILED  HTTP API and browser tests (not run: no production build)" "  FAILED  benchmark smoke test (not run: no production build)")
fi

echo
echo "=== npm test summary"
printf '%s\n' "${summary[@]}"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
