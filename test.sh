#!/usr/bin/env bash
# Runs Sluice's whole test suite on a fresh machine: installs what the tests need, then `dotnet test`.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests talk to as real peers. Installed only when missing, so a second run is quick.
packages=(netcat-openbsd kcat chromium postgresql mosquitto mosquitto-clients rabbitmq-server python3-pika nats-server awscli)  # nc: the socket source is tested against it, as `cat log | nc -lk PORT`; kcat: an outside Kafka producer; chromium: the web UI's browser tests; postgresql: the database output; mosquitto: the MQTT broker, and mosquitto_pub its outside publisher; rabbitmq-server: the AMQP broker, and pika (python3-pika) its outside client; nats-server: NATS with JetStream; awscli: the outside Kinesis client (kinesalite, from npm, is the server)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)  # runs s3rver, the S3-compatible store checkpoints are tested against
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# npm packages the tests talk to (tests/peers/package.json and its lock file): s3rver, kinesalite, avsc (the Flume tests' Avro sink).
if [ ! -f tests/peers/node_modules/.package-lock.json ] || [ tests/peers/package-lock.json -nt tests/peers/node_modules/.package-lock.json ]; then
  (cd tests/peers && npm ci --no-audit --no-fund --loglevel=error)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# A test host that stops making progress for 5 minutes is ended, and the test it was running is named, instead of
# the run waiting for CI's limit.
hang=(--blame-hang --blame-hang-timeout 5m --blame-hang-dump-type none)
dotnet test Sluice.slnx --nologo "${hang[@]}" "$@" 2>&1 | tee "$log" || status=$?

# The whole suite again in the serializing local mode: every task, result, shuffle block and stored block goes
# through bytes, as between processes.
echo "Again with SLUICE_LOCAL_SERIALIZED=1 (every local master sends its tasks and blocks through bytes)"
SLUICE_LOCAL_SERIALIZED=1 dotnet test Sluice.slnx --nologo --no-build "${hang[@]}" "$@" 2>&1 | tee -a "$log" || status=$?

# One closing line for every runner that reads it: totals over all test assemblies.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: $passed passed, $failed failed (both modes)"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
