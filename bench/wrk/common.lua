-- common.lua: shared by the bench/wrk scripts (loaded with dofile).
--
-- Adds the Authorization header from BENCH_AUTH (empty: none), numbers the
-- threads so each seeds its own random numbers, and prints one line that
-- bench/run.sh parses when the run ends:
--   wrk-result rps=R p50_ms=A p99_ms=B requests=N non2xx=S errors=E
-- where errors counts connect, read, write and timeout errors.

local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

local next_id = 1
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

function seed_random()
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "wrk-result rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
