#!/usr/bin/env bash
# Starts N Attendance.Orleans silos as processes on 127.0.0.1, clustered through one PostgreSQL database: the
# cluster of deploy/compose.yaml without Docker. The fault test and the benchmark start their clusters with it.
#
#   ATTENDANCE_DB='Host=127.0.0.1;Port=5432;Username=postgres;Database=attendance' deploy/local-cluster.sh start 3
#   deploy/local-cluster.sh status
#   deploy/local-cluster.sh stop          # SIGTERM: each silo leaves the cluster gracefully
#
# Environment:
#   ATTENDANCE_DB        connection string of the attendance database (required for more than one silo; without
#                        it the one silo keeps everything in memory, the embedded default)
#   CLUSTER_DIR          where pid files and logs go (default: .local-cluster)
#   SERVER_DLL           a built Attendance.Server.dll (default: builds src/Attendance.Server in Release)
#   HTTP_PORTS, SILO_PORTS, GATEWAY_PORTS
#                        comma-separated ports, one per silo (default: 5101.., 11111.., 30001..)
# Every other variable is passed on, so any setting can be given as e.g. Orleans__Membership__ProbeTimeout=00:00:02.
# Silo i writes $CLUSTER_DIR/silo-i.pid, silo-i.log and silo-i.env (its HTTP address and ports).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${CLUSTER_DIR:-$root/.local-cluster}"
command="${1:-}"

port_of() { # port_of <list> <default-base> <index>
    local list="$1" base="$2" i="$3"
    if [ -n "$list" ]; then
        IFS=, read -ra ports <<<"$list"
        echo "${ports[$((i - 1))]:?not enough ports in $list}"
    else
        echo $((base + i - 1))
    fi
}

start() {
    local count="${1:-3}"
    if [ -z "${ATTENDANCE_DB:-}" ] && [ "$count" -gt 1 ]; then
        echo "set ATTENDANCE_DB to the PostgreSQL connection string: silos cluster through it" >&2
        exit 2
    fi
    local dll="${SERVER_DLL:-}"
    if [ -z "$dll" ]; then
        dotnet build "$root/src/Attendance.Server" -c Release -v q -nologo >/dev/null
        dll="$root/src/Attendance.Server/bin/Release/net10.0/Attendance.Server.dll"
    fi

    mkdir -p "$dir"
    local cluster="${Attendance__ClusterId:-local-$(date +%s)}"
    for i in $(seq 1 "$count"); do
        local http silo gateway
        http=$(port_of "${HTTP_PORTS:-}" 5101 "$i")
        silo=$(port_of "${SILO_PORTS:-}" 11111 "$i")
        gateway=$(port_of "${GATEWAY_PORTS:-}" 30001 "$i")
        # setsid: the silo outlives this script and a SIGKILL to it touches nothing else. Each silo has a home and a
        # scratch folder of its own, as each pod has its own filesystem: silos share nothing but the database.
        mkdir -p "$dir/silo-$i.home/tmp"
        HOME="$dir/silo-$i.home" TMPDIR="$dir/silo-$i.home/tmp" \
        ConnectionStrings__Attendance="${ATTENDANCE_DB:-}" \
        Attendance__ClusterId="$cluster" \
        Attendance__SiloPort="$silo" Attendance__GatewayPort="$gateway" Attendance__AdvertisedIPAddress=127.0.0.1 \
        ASPNETCORE_URLS="http://127.0.0.1:$http" \
            setsid dotnet "$dll" --contentRoot "$(dirname "$dll")" >"$dir/silo-$i.log" 2>&1 </dev/null &
        echo $! >"$dir/silo-$i.pid"
        printf 'http=http://127.0.0.1:%s\nsilo=%s\ngateway=%s\ncluster=%s\n' "$http" "$silo" "$gateway" "$cluster" >"$dir/silo-$i.env"
    done

    for i in $(seq 1 "$count"); do
        local http
        http=$(sed -n 's/^http=//p' "$dir/silo-$i.env")
        for _ in $(seq 1 240); do
            if curl -fsS -o /dev/null "$http/health" 2>/dev/null; then
                break
            fi
            if ! kill -0 "$(cat "$dir/silo-$i.pid")" 2>/dev/null; then
                echo "silo $i exited; its log:" >&2
                tail -n 40 "$dir/silo-$i.log" >&2
                exit 1
            fi
            sleep 0.25
        done
        curl -fsS -o /dev/null "$http/health" || { echo "silo $i is not healthy after 60 s (log: $dir/silo-$i.log)" >&2; exit 1; }
    done
    status
}

status() {
    for env in "$dir"/silo-*.env; do
        [ -e "$env" ] || { echo "no silos in $dir"; return; }
        local i pid state
        i=$(basename "$env" .env)
        pid=$(cat "${env%.env}.pid")
        state=$(kill -0 "$pid" 2>/dev/null && echo running || echo stopped)
        echo "$i pid=$pid $state $(tr '\n' ' ' <"$env")"
    done
}

stop() {
    for pidfile in "$dir"/silo-*.pid; do
        [ -e "$pidfile" ] || return 0
        kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
    done
    for pidfile in "$dir"/silo-*.pid; do
        local pid
        pid=$(cat "$pidfile")
        for _ in $(seq 1 240); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$pidfile" "${pidfile%.pid}.env"
    done
}

case "$command" in
    start) start "${2:-3}" ;;
    status) status ;;
    stop) stop ;;
    *) echo "usage: $0 start [N] | status | stop" >&2; exit 2 ;;
esac
