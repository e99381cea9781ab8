-- wrk script for scripts/bench.sh: GET /api/v1/patients/{nhs}/appointments,
-- cycling through the seeded patients (each thread from its own offset).
-- Needs PANDA_BENCH_DIR (with nhs.txt) and PANDA_BENCH_TOKEN (a bearer token).

local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local requests = {}
local next_index = 1

function init(args)
  local dir = os.getenv("PANDA_BENCH_DIR")
  local headers = { ["Authorization"] = "Bearer " .. os.getenv("PANDA_BENCH_TOKEN") }
  for nhs in io.lines(dir .. "/nhs.txt") do
    requests[#requests + 1] = wrk.format("GET", "/api/v1/patients/" .. nhs .. "/appointments", headers)
  end
  -- Threads start far apart so they rarely ask for the same patient together.
  next_index = 1 + (tid * 4999) % #requests
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
