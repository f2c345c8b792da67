-- tickets_create.lua: POST /api/v2/tickets.json with the body in
-- ticket.json (a ticket, its first comment and a requester who exists after
-- the first request), with BENCH_AUTH (an API token's Basic header).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or ""
dofile(dir .. "common.lua")

local f = assert(io.open(dir .. "ticket.json", "r"))
wrk.body = f:read("*a"):gsub("%s+$", "")
f:close()
wrk.method = "POST"
wrk.path = "/api/v2/tickets.json"
wrk.headers["Content-Type"] = "application/json"
