-- wrk script: PUT one machine's metrics (push.txt, 34 series) to a Pushgateway.
--
--   wrk -t1 -c100 -d10s --latency -s push.lua http://127.0.0.1:PORT \
--       -- DIR MACHINES [THREADS [CONNECTIONS STAGGER_MS PACE_MS]]
--
-- Each request replaces the group /metrics/job/ward/instance/machine-N, N cycling over
-- MACHINES (the same count of agents the collector holds), with @HOST@ in push.txt
-- replaced by that machine's hostname. STAGGER_MS and PACE_MS pace the load as in
-- ingest.lua. Every response must be 2xx; done() prints one line
-- "RESULT {json}" like ingest.lua's.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local before, after = "", ""
local machines, step, counter = 1, 1, 0
ok, non200, rejected = 0, 0, 0
statuses = ""
local status_seen = {}
local connections, stagger_ms, pace_ms, delays = 0, 0, 0, 0

function init(args)
  local f = assert(io.open(args[1] .. "/push.txt", "rb"))
  local text = f:read("*a")
  f:close()
  machines = tonumber(args[2])
  step = tonumber(args[3] or "1")
  counter = id -- thread k pushes machines k, k + N, k + 2N ...
  connections = tonumber(args[4] or "0")
  stagger_ms = tonumber(args[5] or "0")
  pace_ms = tonumber(args[6] or "0")
  parts = {}
  local pos = 1
  while true do
    local s, e = text:find("@HOST@", pos, true)
    if not s then
      table.insert(parts, text:sub(pos))
      break
    end
    table.insert(parts, text:sub(pos, s - 1))
    pos = e + 1
  end
end

function delay()
  delays = delays + 1
  if delays <= connections then
    return math.floor(stagger_ms * (delays - 1) / connections)
  end
  return pace_ms
end

function request()
  local n = counter % machines
  counter = counter + step
  local host = string.format("TD-PC%05d", n)
  return wrk.format("PUT", "/metrics/job/ward/instance/machine-" .. n, {
    ["Content-Type"] = "text/plain; version=0.0.4",
  }, table.concat(parts, host))
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    non200 = non200 + 1
    if not status_seen[status] then
      status_seen[status] = true
      statuses = statuses .. tostring(status) .. ":" .. body:sub(1, 200):gsub('["\\\n]', "'") .. " | "
    end
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, non200 = 0, statuses = "" }
  for _, thread in ipairs(threads) do
    t.ok = t.ok + (thread:get("ok") or 0)
    t.non200 = t.non200 + (thread:get("non200") or 0)
    t.statuses = t.statuses .. (thread:get("statuses") or "")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"ok":%d,"non200":%d,"rejected":0,' ..
    '"batch":1,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,' ..
    '"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"statuses":"%s"}\n',
    summary.requests, summary.duration, t.ok, t.non200,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, t.statuses))
end
