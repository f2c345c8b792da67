-- tickets_show.lua: GET /api/v2/tickets/{id}.json with ids drawn uniformly
-- from BENCH_ID_MIN..BENCH_ID_MAX (the seeded range), with BENCH_AUTH.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")

local lo = tonumber(os.getenv("BENCH_ID_MIN") or "1")
local hi = tonumber(os.getenv("BENCH_ID_MAX") or "1")

function init(args)
  seed_random()
end

function request()
  return wrk.format("GET", "/api/v2/tickets/" .. math.random(lo, hi) .. ".json")
end
