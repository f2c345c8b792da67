-- tickets_list.lua: GET /api/v2/tickets.json (first page, Zendesk's default
-- of 100 tickets with count), with BENCH_AUTH.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")

wrk.method = "GET"
wrk.path = "/api/v2/tickets.json"
