-- wrk script for scripts/bench.sh ... slots: GET /api/v1/slots, two weeks
-- of a department's diaries, cycling through the searches seed_slots.py
-- wrote (each thread from its own offset). Needs PANDA_BENCH_DIR (with
-- slots.txt) and PANDA_BENCH_TOKEN (a bearer token).

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
  for path in io.lines(dir .. "/slots.txt") do
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  next_index = 1 + (tid * 17) % #requests
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end
