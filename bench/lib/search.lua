-- wrk script: POST /v1/search with queries cycled from QUERIES_FILE (one query per line).
local queries = {}
local path = os.getenv("QUERIES_FILE")
for line in io.lines(path) do
  if #line >= 3 then
    queries[#queries + 1] = '{"query":' .. string.format("%q", line):gsub("\\\n", "\\n") .. ',"k":5}'
  end
end
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("POST", "/v1/search", {["Content-Type"] = "application/json"}, queries[i])
end
