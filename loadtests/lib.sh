# Functions the load test scripts share: `. "$(dirname "$0")/lib.sh"` once the script is in the repository root.
# They read the script's $image (the PNG that checks a model is served) and $out (its report folder), and keep the
# processes they start in pids, for stop_started.
pids=()

# Release builds of the AppHost and the load generator.
build_release() {
  dotnet build -c Release AppHost/AppHost.csproj -v q -nologo >/dev/null
  dotnet build -c Release loadtests/LoadGenerator/LoadGenerator.csproj -v q -nologo >/dev/null
}

wait_for_model() { # http address of an inference service
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null --data-binary @"$image" "http://$1/v1/models/fashion/predict-image" && return 0
    sleep 2
  done
  echo "no model was served at $1 within 10 minutes" >&2
  return 1
}

cpu_ticks() { # pid...: their user and system CPU so far, in clock ticks (1/100 s), summed; a process gone counts 0
  local total=0 pid
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}

port_pid() { # port: the process listening on it
  ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2
}

start_bare() { # [--generator-session] http port, grpc port, extra environment (NAME=value)...
  # The bare binary: same Release build and settings, no OTLP endpoint unless given one, no Redis and no prediction cache,
  # beside the running stack's registry and drift service (so it loads the same model and still ships drift records).
  # Started from its output folder, so it reads its own appsettings.json (log levels, HTTP/2 on the gRPC port).
  # In a session of its own, as DCP starts the stack's services: Linux gives every session (autogroup) an equal share of
  # the CPU, so a server in the generator's session meets the generator on other terms than the stack does
  # (loadtests/stack-vs-bare measures the difference).
  local session=setsid
  if [ "$1" = --generator-session ]; then session=; shift; fi
  local http=$1 grpc=$2
  shift 2
  (cd Services/Inference/bin/Release/net10.0 && exec $session env ASPNETCORE_ENVIRONMENT=Production DataRoot="$(mktemp -d)" Inference__Cache__Enabled=false \
    Services__registry=http://127.0.0.1:5302 Services__drift=http://127.0.0.1:5502 \
    Kestrel__Endpoints__http__Url="http://127.0.0.1:$http" Kestrel__Endpoints__grpc__Url="http://127.0.0.1:$grpc" "$@" \
    dotnet Mlops.Inference.dll) >>"$out/bare-$grpc.log" 2>&1 &
  pids+=($!)
  wait_for_model "127.0.0.1:$http"
}

stop_started() { # SIGTERM to every process in pids, then waits for them
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
