-- wrk script: GET /auth/me, rotating over many users' bearer tokens (one per line in the file given after --).
-- Each request's text is built once here, not per request: the load generator shares the two cores with the cluster,
-- and building a request costs it in proportion to the token's length, which would charge a larger token (custom
-- claims) to the server's figure.
local requests = {}
local i = 0

init = function(args)
  for line in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. line })
  end
  i = math.random(#requests)
end

request = function()
  i = i % #requests + 1
  return requests[i]
end
