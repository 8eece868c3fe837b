-- Load test of the event query, for wrk (Debian package wrk):
--
--   entente serve --db bench.db &
--   wrk -t2 -c32 -d30s --latency -s crates/serve/bench/wrk-events.lua http://127.0.0.1:8750
--
-- Each connection asks, in turn, the event queries the dashboard makes: the newest page,
-- by country, by dyad, by month, by CAMEO root, by quad class and country, a dyad over a
-- half year. wrk prints the latency percentiles (p99) and requests per second;
-- "Non-2xx or 3xx responses" must not appear. Full-text search (`q=`) is measured
-- apart: `wrk ... http://127.0.0.1:8750/api/events?q=sanctions`.
local paths = {
  "/api/events?limit=50",
  "/api/events?country=USA&limit=50",
  "/api/events?source=USA&target=RUS&limit=50",
  "/api/events?from=2024-03-01&to=2024-03-31&limit=50",
  "/api/events?root=19&limit=50",
  "/api/events?quad_class=4&country=CHN&limit=50",
  "/api/events?source=RUS&target=UKR&both_directions=true&from=2024-01-01&to=2024-06-30&limit=50",
}

local i = 0

function init(args)
  -- Start each thread at a different query.
  i = math.random(#paths) - 1
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
