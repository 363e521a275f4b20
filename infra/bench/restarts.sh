#!/usr/bin/env bash
# Restarts of the packaged platform as ./warmstart run starts it (its own Keycloak and PostgreSQL):
# N starts after a clean stop (SIGTERM) as the reference, then N starts each after the previous
# platform was killed with SIGKILL, which must stop what the killed one left running and become
# ready with no manual step. Prints each start's time to ready and the medians.
# Usage: infra/bench/restarts.sh [N=10] [WARMSTART_HOME=a new temporary folder]
# Needs the built platform (./mvnw -pl platform-api -am package -DskipTests) and free ports 18080, 18180.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10}
HOME_DIR=$(realpath -m "${2:-$(mktemp -d /tmp/warmstart-restarts.XXXX)}")
JAR=$PWD/platform-api/target/quarkus-app/quarkus-run.jar
export WARMSTART_HOME=$HOME_DIR WARMSTART_PORT=18080 WARMSTART_KEYCLOAK_PORT=18180
unset WARMSTART_DB_URL WARMSTART_KEYCLOAK_URL

start() {  # $1: log name; sets PID and SECONDS_TO_READY, or fails
  (cd / && exec java -Xmx1g -jar "$JAR" > "$HOME_DIR/$1.log" 2>&1) &
  PID=$!
  local t0=$SECONDS
  until curl -sf -o /dev/null http://127.0.0.1:18080/q/health/ready; do
    kill -0 $PID 2>/dev/null || { echo "$1: the platform exited; see $HOME_DIR/$1.log"; return 1; }
    [ $((SECONDS - t0)) -lt 300 ] || { echo "$1: not ready within 300 s"; return 1; }
    sleep 0.5
  done
  SECONDS_TO_READY=$((SECONDS - t0))
}
leftovers() { pgrep -f "$HOME_DIR/keycloak|$HOME_DIR/pgdata" | wc -l; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

start first || exit 1   # the installation's first start (Keycloak's one-time build), not counted
kill -TERM $PID; wait $PID || true
clean=(); killed=(); recovered=0
for i in $(seq 1 "$N"); do
  start "clean-$i" || exit 1
  clean+=("$SECONDS_TO_READY"); echo "start after SIGTERM $i: ready in ${SECONDS_TO_READY} s"
  kill -TERM $PID; wait $PID || true
  [ "$(leftovers)" = 0 ] || { echo "SIGTERM left $(leftovers) processes behind"; exit 1; }
done
start killed-0 || exit 1
for i in $(seq 1 "$N"); do
  kill -KILL $PID; wait $PID 2>/dev/null || true
  left=$(leftovers)
  if start "killed-$i"; then
    recovered=$((recovered + 1)); killed+=("$SECONDS_TO_READY")
    echo "start after SIGKILL $i: $left processes left behind, stopped; ready in ${SECONDS_TO_READY} s"
  fi
done
kill -TERM $PID; wait $PID || true
echo "median time to ready: after SIGTERM $(printf '%s\n' "${clean[@]}" | median) s, after SIGKILL $(printf '%s\n' "${killed[@]}" | median) s"
echo "starts after SIGKILL that became ready with no manual step: $recovered of $N (home: $HOME_DIR)"
