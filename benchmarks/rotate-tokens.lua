-- wrk script: GET the URL with "Authorization: Bearer <token>", a different token per request, rotating
-- through the file given after "--" (one token per line). Each wrk thread starts at its own offset.
-- With "none" instead of a file, it builds the same kind of request without a token: the baseline that
-- shows what generating requests in Lua costs wrk (which shares the CPU with the API).
local tokens = {}
local index = 0

function init(args)
  if args[1] ~= "none" then
    for line in io.lines(args[1]) do
      if #line > 0 then
        tokens[#tokens + 1] = line
      end
    end
    index = math.random(#tokens)
  end
end

function request()
  if #tokens == 0 then
    return wrk.format("GET", nil, {})
  end
  index = index % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[index] })
end
