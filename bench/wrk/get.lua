-- get.lua: GET of the URL given to wrk, with BENCH_AUTH.
-- Used for GET /api/v2/users/me.json and for the baselines' GETs.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")
