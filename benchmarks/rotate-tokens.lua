-- wrk script: GET the URL with "Authorization: Bearer <token>", a different token per request, rotating
-- through the file given after "--" (one token per line). Each wrk thread starts at its own offset.
local tokens = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      tokens[#tokens + 1] = line
    end
  end
  index = math.random(#tokens)
end

function request()
  index = index % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[index] })
end
