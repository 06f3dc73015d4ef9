-- wrk script: POST /service/sessions, each request for a user id never used before (thread, counter, run), with the
-- service key given after --.
local counter = 0
local prefix = ""
local key = ""

setup = function(thread)
  thread:set("thread_id", tostring(math.random(1, 1000000000)))
end

init = function(args)
  key = args[1]
  prefix = "bench|" .. thread_id .. "." .. tostring(os.time()) .. "."
end

request = function()
  counter = counter + 1
  local body = '{"user_id":"' .. prefix .. counter .. '","claims":{"tenant":"acme"},"client":"default"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
