-- wrk script: GET the URL with "Authorization: Bearer <token>", a different token per request, rotating
-- through the file given after "--" (one token per line). Each wrk thread starts at its own offset.
-- A second argument names another header to carry the same "Bearer <token>" value instead: the baseline
-- that costs wrk the same Lua work and sends the same bytes, but authenticates nothing.
local tokens = {}
local index = 0
local header = "Authorization"

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      tokens[#tokens + 1] = line
    end
  end
  if args[2] then
    header = args[2]
  end
  index = math.random(#tokens)
end

function request()
  index = index % #tokens + 1
  return wrk.format("GET", nil, { [header] = "Bearer " .. tokens[index] })
end
