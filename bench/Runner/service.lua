-- wrk script: POST /service/sessions. Arguments after --: the service key, then how many returning users to pick
-- from at random (bench-return|0 .. n-1), or 0 for a user id never used before on every request (thread, counter, run).
local counter = 0
local prefix = ""
local key = ""
local returning = 0

setup = function(thread)
  thread:set("thread_id", tostring(math.random(1, 1000000000)))
end

init = function(args)
  key = args[1]
  returning = tonumber(args[2] or "0")
  prefix = "bench|" .. thread_id .. "." .. tostring(os.time()) .. "."
  math.randomseed(tonumber(thread_id))
end

request = function()
  local user
  if returning > 0 then
    user = "bench-return|" .. math.random(0, returning - 1)
  else
    counter = counter + 1
    user = prefix .. counter
  end
  local body = '{"user_id":"' .. user .. '","claims":{"tenant":"acme"},"client":"default"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
