#!/usr/bin/env bash
# Times `tomc serve` from a save to the reloaded page, and its memory over rebuilds.
#
#   scripts/bench-serve.sh [MODEL_DIR] [REBUILDS]
#
# MODEL_DIR is a project (default: the 10,000-element model that scripts/bench-process.sh
# also uses, generated once as target/bench-models/10000); REBUILDS is how many saves to
# time (default 20). The project is copied into a scratch directory (SCRATCH, kept; by
# default a new one under /dev/shm or /tmp, removed at the end), so MODEL_DIR is never
# edited. The script starts
# `tomc serve --port 0` on the copy, waits for the first build and fetches the page of
# the element it will edit. Then, REBUILDS times: it rewrites that element's
# `description:` in place with a new word (`Edit N.`), and times from the write until the
# version the pages poll (`/__tomc/version`, asked every 5 ms) has changed and the
# element's page, fetched then, holds the new word: what a browser with the page open
# sees. It prints every time with the server's resident memory (VmRSS) then, the median
# and the maximum, the memory after the first rebuild and after the last, and the load
# average before and after (the figures are noisy when other work runs: compare runs at
# a low load).
#
# Environment: TOMC (the binary; default: target/release/tomc, built first), SCRATCH.
# Needs python3 and Linux (/proc).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-}
rebuilds=${2:-20}
if [ -z "${TOMC:-}" ]; then
  cargo build --release --locked --quiet
  TOMC=target/release/tomc
fi
if [ -z "$model" ]; then
  model=target/bench-models/10000
  if [ ! -f "$model/tom.yaml" ]; then
    rm -rf "$model"
    cargo run --release --locked --quiet --example gen-model -- --elements 10000 --out "$model" >/dev/null
  fi
fi
base=/tmp
[ -d /dev/shm ] && base=/dev/shm
scratch=${SCRATCH:-$(mktemp -d "$base/tomc-bench-serve.XXXXXX")}
mkdir -p "$scratch"
cp -r "$model"/. "$scratch"/

log=$(mktemp)
"$TOMC" serve "$scratch" --port 0 2>"$log" >/dev/null &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$log"
  [ -n "${SCRATCH:-}" ] || rm -rf "$scratch"
}
trap cleanup EXIT

python3 - "$scratch" "$server" "$log" "$rebuilds" <<'PY'
import http.client, os, re, statistics, sys, time

project, pid, log, rebuilds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])

def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

def rss():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1

def alive():
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False

# The port the server prints once it listens (after the first build).
deadline = time.monotonic() + 300
port = None
while port is None:
    if time.monotonic() > deadline or not alive():
        sys.exit("the server did not start:\n" + open(log).read())
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", open(log).read())
    if m:
        port = int(m.group(1))
    else:
        time.sleep(0.05)

def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, body

# The element to edit: the first with a one-line description in the first model file.
files = sorted(
    os.path.join(d, f)
    for d, _, fs in os.walk(os.path.join(project, "model"))
    for f in fs
    if f.endswith((".yaml", ".yml"))
)
target = element = line_no = None
for path in files:
    lines = open(path).read().split("\n")
    current = None
    for i, line in enumerate(lines):
        m = re.match(r"\s*- id: (\S+)\s*$", line)
        if m:
            current = m.group(1)
        if current and re.match(r"\s+description: [^|>].*\S\s*$", line):
            target, element, line_no = path, current, i
            break
    if target:
        break
if not target:
    sys.exit("no element with a one-line description in " + project)
page = f"/elements/{element}.html"
status, _ = get(page)
if status != 200:
    sys.exit(f"{page}: {status}")
print(f"editing the description of {element} in {os.path.relpath(target, project)}")
print(f"load average before: {load()}")

original = open(target).read().split("\n")
times, first_rss = [], None
for n in range(1, rebuilds + 1):
    _, before = get("/__tomc/version")
    lines = list(original)
    word = f"Edit {n}."
    lines[line_no] = lines[line_no].rstrip() + " " + word
    text = "\n".join(lines)
    start = time.monotonic()
    with open(target, "w") as f:
        f.write(text)
    while True:
        _, version = get("/__tomc/version")
        if version != before:
            _, body = get(page)
            if word in body:
                break
            before = version
        if time.monotonic() - start > 120:
            sys.exit(f"rebuild {n}: no new page after 120 s")
        time.sleep(0.005)
    times.append((time.monotonic() - start) * 1000)
    if n == 1:
        first_rss = rss()
    print(f"rebuild {n}: {times[-1]:.0f} ms, VmRSS {rss()} MB")

print(f"save to reloaded page over {rebuilds} rebuilds: "
      f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
      f"min {min(times):.0f} ms")
print(f"server VmRSS: {first_rss} MB after rebuild 1, {rss()} MB after rebuild {rebuilds}")
print(f"load average after: {load()}")
PY
