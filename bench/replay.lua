-- wrk script: replays request paths from a file, one per line, round-robin.
-- usage: wrk ... -s bench/replay.lua http://127.0.0.1:PORT -- paths.txt
-- REPLAY_DELAY_MS (environment): each connection waits this long after an answer before its
-- next request, which paces the load (connections × 1000 / (delay + latency) requests a second)
-- instead of sending as fast as the server answers.
local paths = {}
local counter = 0
local pause = tonumber(os.getenv("REPLAY_DELAY_MS") or "0") or 0

if pause > 0 then
  function delay()
    return pause
  end
end

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  f:close()
  -- Each wrk thread starts at a different offset so threads do not replay in lockstep.
  counter = math.random(0, #paths - 1)
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
