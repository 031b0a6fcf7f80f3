#!/bin/sh
# The production start (npm start; npm run cluster and the benchmark start their instances with it
# too): what a Node process only takes before it starts, then server.mjs with this script's
# arguments. `exec`, so the process is node itself: the pid, the signals (server.mjs drains on
# SIGTERM) and the exit code are the server's, and nothing else stays resident.
# What each setting saves and costs: docs/decisions/0013-server-memory.md. Either can be
# overridden from the environment.

# glibc gives every thread that allocates its own malloc arena (up to 8 per core), and memory freed
# in one is kept there for that thread: libuv's pool (bcrypt), V8's workers and libSQL's threads
# each held megabytes that no other thread could reuse. glibc reads this once, at process start.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

# With its default limit (a quarter of the machine's memory, 4 GiB here) V8 lets the old
# generation grow to 4x what survived its last full collection before collecting again; under
# load that garbage was most of the server's RSS. A lower limit lowers that factor (V8 scales it
# down linearly below 2 GiB) and caps the heap: a leak ends the process at a known size instead
# of growing it to a quarter of the machine.
exec "${NODE:-node}" --max-old-space-size="${NODE_MAX_OLD_SPACE_MIB:-1024}" "$(dirname "$0")/server.mjs" "$@"
