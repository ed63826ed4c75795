#!/usr/bin/env bash
# MeetingBot as a local cluster, in one command: Debian's redis-server, the sandbox Huawei as a process of its own
# (tools/MeetingBot.SandboxServer, so the replicas share sign-ins as they would share the real Huawei), three replicas
# of the bot (Development) sharing both, and Debian's nginx in front on http://localhost:3978, the single bot's address:
# the Agents Playground, the Bot Framework Emulator and curl talk to the cluster exactly as to one bot.
# Installs redis-server, nginx and curl with apt-get when they are missing. Ctrl-C (or SIGTERM) stops everything it
# started, by process id.
#
# Environment (all optional): CLUSTER_PORT (3978), CLUSTER_REDIS_PORT (6380, the first port tried), CLUSTER_CONFIGURATION
# (Release), CLUSTER_NO_BUILD=1 (use what is built already), CLUSTER_REDIS=cluster (a Redis Cluster of three masters,
# as on Azure Managed Redis, instead of one redis-server).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${CLUSTER_PORT:-3978}
redis_port=${CLUSTER_REDIS_PORT:-6380}
configuration=${CLUSTER_CONFIGURATION:-Release}
redis_mode=${CLUSTER_REDIS:-single}
replicas=3

# Installs a Debian package unless its command is already on the PATH: ensure_debian_package <command> <package>.
ensure_debian_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "== installing $2 (Debian package)"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# True when something on this machine already listens on 127.0.0.1:<port>.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free loopback port from <start> on.
free_port() {
  local candidate=$1
  while port_taken "$candidate"; do candidate=$((candidate + 1)); done
  echo "$candidate"
}

# Waits until <command...> succeeds, for at most <seconds>, and fails at once when the process <pid> (writing <log>)
# has died: wait_for <seconds> <what> <pid> <log> <command...>.
wait_for() {
  local seconds=$1 what=$2 pid=$3 log=$4; shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cluster: $what (pid $pid) died; the end of $log:" >&2
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "cluster: $what did not come up within $seconds s; logs in $work" >&2
      return 1
    fi
    sleep 0.2
  done
}

# The port a process that was told to listen on port 0 reports in <log> ("… listening on: http://127.0.0.1:<port>").
listening_port() { grep -aoiE 'listening on:? http://127\.0\.0\.1:[0-9]+' "$1" | head -n 1 | sed 's/.*://'; }

# Starts a redis-server on a free port from <first port> on, with the options given after it, and prints the port.
# Another process may take the port between our check and redis-server's bind: then the next one is tried.
# start_redis <name> <first port> <redis-server options...>; its pid is appended to pids.
start_redis() {
  local name=$1 candidate=$2; shift 2
  local attempt
  for attempt in 1 2 3 4 5; do
    candidate=$(free_port "$candidate")
    redis-server --port "$candidate" --bind 127.0.0.1 --save "" --appendonly no --daemonize no "$@" >"$work/$name.log" 2>&1 &
    local pid=$!
    # Its own log, not a PING: another redis-server that took the port would answer that.
    if wait_for 20 "$name" "$pid" "$work/$name.log" grep -q "Ready to accept connections" "$work/$name.log" 2>/dev/null; then
      pids+=("$pid")
      redis_started=$candidate
      return 0
    fi
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    candidate=$((candidate + 1))
  done
  echo "cluster: $name did not start (see $work/$name.log)" >&2
  return 1
}

ensure_debian_package redis-server redis-server
ensure_debian_package nginx nginx
ensure_debian_package curl curl
ensure_debian_package openssl openssl

if port_taken "$port"; then
  echo "cluster: port $port is taken (is the single bot running?); set CLUSTER_PORT to use another" >&2
  exit 1
fi

if [ "${CLUSTER_NO_BUILD:-0}" != 1 ]; then
  echo "== building ($configuration)"
  dotnet build src/MeetingBot -c "$configuration" --nologo -v quiet
  dotnet build tools/MeetingBot.SandboxServer -c "$configuration" --nologo -v quiet
fi
bot_dir="$root/src/MeetingBot/bin/$configuration/net10.0"
sandbox_dll="$root/tools/MeetingBot.SandboxServer/bin/$configuration/net10.0/MeetingBot.SandboxServer.dll"

work=$(mktemp -d /tmp/meetingbot-cluster.XXXXXX)
chmod 755 "$work" # nginx's worker (not root) keeps its temporary files here
pids=()
stop() {
  trap - INT TERM EXIT
  # Whoever read our output may be gone (a closed pipe): stopping must not die on a message.
  trap '' PIPE
  echo "== stopping the cluster (pids ${pids[*]:-none})" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  local deadline=$((SECONDS + 30))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Redis: every replica's state, tokens (encrypted) and Data Protection keys. No persistence: a fresh cluster each time.
case "$redis_mode" in
  single)
    start_redis redis "$redis_port" --dir "$work"
    redis_connection="127.0.0.1:$redis_started"
    redis_description="Redis 127.0.0.1:$redis_started"
    ;;
  cluster)
    # Three masters, each with its own directory (nodes.conf) and cluster bus port (client port + 10000).
    nodes=()
    next_redis_port=$redis_port
    for i in 1 2 3; do
      mkdir -p "$work/redis-$i"
      start_redis "redis-$i" "$next_redis_port" --dir "$work/redis-$i" --cluster-enabled yes --cluster-config-file nodes.conf
      nodes+=("127.0.0.1:$redis_started")
      next_redis_port=$((redis_started + 1))
    done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$work/redis-cluster-create.log" 2>&1 || {
      echo "cluster: redis-cli --cluster create failed:" >&2; cat "$work/redis-cluster-create.log" >&2; exit 1; }
    for node in "${nodes[@]}"; do
      wait_for 30 "the Redis Cluster" "${pids[-1]}" "$work/redis-cluster-create.log" \
        sh -c "redis-cli -p ${node##*:} cluster info | grep -q cluster_state:ok"
    done
    redis_connection=$(IFS=,; echo "${nodes[*]}")
    redis_description="Redis Cluster ${nodes[*]} (three masters)"
    ;;
  *)
    echo "cluster: CLUSTER_REDIS must be single or cluster, not '$redis_mode'" >&2
    exit 2
    ;;
esac

# The certificate that encrypts the Data Protection keys, shared by the replicas (made fresh for each cluster).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/dp.key" -out "$work/dp.crt" -days 30 -subj /CN=meetingbot-cluster-dp 2>/dev/null
certificate=$(openssl pkcs12 -export -inkey "$work/dp.key" -in "$work/dp.crt" -passout pass: | base64 -w0)
app_key=$(openssl rand -hex 20)

# One sandbox Huawei for all replicas, on a port the system picks (port 0): no other process can take it first.
Sandbox__AppKey="$app_key" dotnet "$sandbox_dll" 0 >"$work/sandbox.log" 2>&1 &
pids+=($!)
wait_for 60 "the sandbox Huawei" "${pids[-1]}" "$work/sandbox.log" grep -q "listening on" "$work/sandbox.log"
sandbox_port=$(listening_port "$work/sandbox.log")

# The replicas listen on ports the system picks (port 0), read back from their logs: no race for a free port.
replica_pids=()
for i in $(seq 1 "$replicas"); do
  (
    cd "$bot_dir"
    export ASPNETCORE_ENVIRONMENT=Development Redis__ConnectionString="$redis_connection" \
      Redis__DataProtectionCertificate="$certificate" Sandbox__Url="http://127.0.0.1:$sandbox_port" Sandbox__AppKey="$app_key"
    exec dotnet MeetingBot.dll --urls "http://127.0.0.1:0"
  ) >"$work/replica-$i.log" 2>&1 &
  pids+=($!)
  replica_pids+=($!)
done
upstreams=""
replica_ports=()
for i in $(seq 1 "$replicas"); do
  log="$work/replica-$i.log"
  wait_for 120 "replica $i" "${replica_pids[$((i - 1))]}" "$log" grep -qi "listening on" "$log"
  replica_port=$(listening_port "$log")
  wait_for 120 "replica $i on port $replica_port" "${replica_pids[$((i - 1))]}" "$log" curl -fsS "http://127.0.0.1:$replica_port/health/ready"
  replica_ports+=("$replica_port")
  upstreams+="    server 127.0.0.1:$replica_port max_fails=1 fail_timeout=5s;"$'\n'
done

# nginx: round robin over the replicas; a replica that refuses connections is skipped (the request never reached it,
# so trying the next one is safe even for a POST). X-MeetingBot-Replica names the replica that answered.
listen_ipv6=""
grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null && listen_ipv6="listen [::1]:$port;"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
daemon off;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fastcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  upstream meetingbot {
$upstreams  }
  server {
    listen 127.0.0.1:$port;
    $listen_ipv6
    client_max_body_size 1m;
    location / {
      proxy_pass http://meetingbot;
      proxy_http_version 1.1;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_read_timeout 30s;
      add_header X-MeetingBot-Replica \$upstream_addr always;
    }
  }
}
EOF
nginx -p "$work" -e "$work/nginx-error.log" -c "$work/nginx.conf" &
pids+=($!)
wait_for 20 "nginx" "${pids[-1]}" "$work/nginx-error.log" curl -fsS "http://127.0.0.1:$port/health/ready"

cat <<EOF

MeetingBot cluster ready on http://localhost:$port (nginx, round robin) -> replicas on ports ${replica_ports[*]}
  $redis_description, sandbox Huawei http://127.0.0.1:$sandbox_port, logs in $work
  Chat through it as with the single bot: npm run playground --prefix tests/e2e (or the Emulator, or curl).
  Try: kill one replica (kill -9 <pid>) and keep chatting. Ctrl-C stops everything.
pids: ${pids[*]}
EOF
wait
