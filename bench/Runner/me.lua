-- wrk script: GET /auth/me, rotating over many users' bearer tokens (one per line in the file given after --).
local tokens = {}
local i = 0

init = function(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  i = math.random(#tokens)
end

request = function()
  i = i % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[i] })
end
