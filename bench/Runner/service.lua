-- wrk script: POST /service/sessions. Arguments after --: the service key, then how many returning users to pick
-- from at random (bench-return|0 .. n-1), or 0 for a user id never used before on every request (thread, counter, run).
-- The load generator shares the two cores with the cluster, so a request costs it as little Lua as it can: each
-- returning user's request is built once, and a new user's request is its body appended to headers built once.
local counter = 0
local prefix = ""
local returning = {}
local head = ""

setup = function(thread)
  thread:set("thread_id", tostring(math.random(1, 1000000000)))
end

local function body_for(user)
  return '{"user_id":"' .. user .. '","claims":{"tenant":"acme"},"client":"default"}'
end

init = function(args)
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = args[1] }
  local count = tonumber(args[2] or "0")
  for i = 0, count - 1 do
    returning[#returning + 1] = wrk.format("POST", nil, headers, body_for("bench-return|" .. i))
  end
  -- wrk.format's headers without the Content-Length line (it writes that from the body) and the blank line after them.
  local sample = wrk.format("POST", nil, headers, "")
  local at = sample:find("Content-Length: 0\r\n", 1, true)
  head = (sample:sub(1, at - 1) .. sample:sub(at + #"Content-Length: 0\r\n")):sub(1, -3)
  prefix = "bench|" .. thread_id .. "." .. tostring(os.time()) .. "."
  math.randomseed(tonumber(thread_id))
end

request = function()
  if #returning > 0 then
    return returning[math.random(#returning)]
  end
  counter = counter + 1
  local body = body_for(prefix .. counter)
  return head .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
end
