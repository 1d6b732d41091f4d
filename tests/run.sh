#!/usr/bin/env bash
# Every test, on a fresh machine: installs what the tests need and is missing, then runs the whole suite.
#   tests/run.sh                      # all tests
#   tests/run.sh --filter Category    # any further arguments go to dotnet test
# The PostgreSQL tests start their own server from the machine's binaries (initdb, pg_ctl); the page tests drive
# Debian's Chromium through Playwright (no browser download); the outage tests stop and freeze a PostgreSQL of their
# own (pg_ctl, pkill) and the backup test dumps and restores one (pg_dump, pg_restore); the cluster tests put nginx in front of three silos and
# deploy/local-cluster.sh waits for each silo with curl. Already installed: nothing is done. Missing and not root: the
# packages are named, with how to point the tests at existing ones instead.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# The outage and backup tests stop, freeze and dump a PostgreSQL of their own, so its binaries are needed even when
# ATTENDANCE_TEST_POSTGRES points the other tests at an existing server.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v pkill >/dev/null 2>&1 || missing+=(procps) # freezing that server (SIGSTOP) and thawing it
[ -x /usr/bin/chromium ] || [ -n "${ATTENDANCE_TEST_CHROMIUM:-}" ] || missing+=(chromium)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "tests/run.sh: the tests need ${missing[*]}, which are not installed, and this script can only install them" >&2
        echo "as root with apt-get. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}); for Chromium you may point" >&2
        echo "the tests at one you have with ATTENDANCE_TEST_CHROMIUM (the outage tests need PostgreSQL's own binaries)." >&2
        exit 2
    fi
    echo "Installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec dotnet test Attendance.Orleans.sln "$@"
