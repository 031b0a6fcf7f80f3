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

# The build runs beside the unit and database tests (none of them needs it): the build waits on
# its own workers and the tests on their databases, so together they take less than one after the
# other. Its output is printed when it is done.
build_log=$(mktemp)
build_started=$SECONDS
npm run --silent build >"$build_log" 2>&1 &
build_pid=$!

stage "unit and database tests (SQLite)" npm run --silent test:unit
stage "database tests (PostgreSQL)" npm run --silent test:db:postgres
failed_before_build=$failed

echo
echo "=== production build (ran beside the stages above): npm run build"
if wait "$build_pid"; then build_ok=true; else build_ok=false; fi
cat "$build_log"
rm -f "$build_log"
if $build_ok; then
  passed=$((passed + 1))
  summary+=("  ok      production build ($((SECONDS - build_started)) s, beside the tests above)")
else
  failed=$((failed + 1))
  summary+=("  FAILED  production build ($((SECONDS - build_started)) s, beside the tests above)")
fi
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
