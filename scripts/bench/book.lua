-- wrk script for scripts/bench.sh: POST /api/v1/patients/{nhs}/appointments,
-- every request a NEW valid booking. Booking number g follows the schedule of
-- seed.py: day g // 4800 from PANDA_BENCH_DAY0 (epoch seconds, a UTC
-- midnight in the future), m = g % 4800, practitioner m % 100, half-hour slot
-- m // 100, patient g % 10000 (never twice in a day). Thread t books
-- g = PANDA_BENCH_FIRST + t * PANDA_BENCH_SPAN + k for k = 0, 1, ...; the
-- thread stops (wrk counts no more requests) if it ever used up its span.
-- Needs PANDA_BENCH_DIR (nhs.txt, practitioners.txt) and PANDA_BENCH_TOKEN.

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local nhs, practitioners = {}, {}
local first, span, day0, k = 0, 0, 0, 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. os.getenv("PANDA_BENCH_TOKEN"),
}

function init(args)
  local dir = os.getenv("PANDA_BENCH_DIR")
  for line in io.lines(dir .. "/nhs.txt") do nhs[#nhs + 1] = line end
  for line in io.lines(dir .. "/practitioners.txt") do practitioners[#practitioners + 1] = line end
  span = tonumber(os.getenv("PANDA_BENCH_SPAN"))
  first = tonumber(os.getenv("PANDA_BENCH_FIRST")) + tid * span
  day0 = tonumber(os.getenv("PANDA_BENCH_DAY0"))
end

function request()
  if k >= span then
    wrk.thread:stop()
    return wrk.format("GET", "/health")
  end
  local g = first + k
  k = k + 1
  local per_day = #practitioners * 48
  local day, m = math.floor(g / per_day), g % per_day
  local start = day0 + day * 86400 + math.floor(m / #practitioners) * 1800
  local body = '{"practitioner_id":"' .. practitioners[m % #practitioners + 1]
    .. '","start_time":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", start) .. '"}'
  return wrk.format("POST", "/api/v1/patients/" .. nhs[g % #nhs + 1] .. "/appointments", headers, body)
end
