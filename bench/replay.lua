-- wrk script: replays request paths from a file, one per line, round-robin.
-- usage: wrk ... -s bench/replay.lua http://127.0.0.1:PORT -- paths.txt
local paths = {}
local counter = 0

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
