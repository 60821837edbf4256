-- wrk script: POST reports to the wardwatch collector as many enrolled agents.
--
--   wrk -t1 -c100 -d10s --latency -s ingest.lua http://127.0.0.1:PORT \
--       -- DIR SEQ_BASE BATCH [THREADS [CONNECTIONS STAGGER_MS [PACE_MS]]]
--
-- DIR holds agents.txt ("agent_id token hostname install_id fingerprint" a line) and
-- template.ndjson (one report with @AGENT@, @SEQ@, @TIME@, @HOST@, @INST@, @FPR@ markers),
-- both written by enroll.py. Each request is
-- one agent's NDJSON body of BATCH reports (1: a live report; 50: a replayed backlog),
-- uncompressed. Agents are taken in turn; each agent's seq only grows (the collector
-- acknowledges a repeated seq without storing it), starting above SEQ_BASE, so runs with
-- growing SEQ_BASE can follow one another against the same store.
-- STAGGER_MS spreads the connections' first requests evenly over that many milliseconds
-- (CONNECTIONS: wrk's -c, per thread), so that a run does not open with every connection
-- sending at the same instant; PACE_MS makes each connection wait that long between an
-- answer and its next request (a paced load: about CONNECTIONS / PACE_MS requests per ms).
-- Every response must be 200 with nothing rejected; done() prints one line
-- "RESULT {json}" with the counts and the latency percentiles (microseconds).

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local agents = {}
local parts = {}
local counter = 0
local seq_base, batch = 0, 1
ok, non200, rejected, sent_reports = 0, 0, 0, 0
statuses = ""
local status_seen = {}
local stamp, stamp_at = "", -1
local connections, stagger_ms, pace_ms, delays = 0, 0, 0, 0

local function read(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

-- Cut the template at its markers: a list of literal strings and marker names.
local function compile(line)
  local out, pos = {}, 1
  while true do
    local s, e, name = line:find("@(%u+)@", pos)
    if not s then
      table.insert(out, line:sub(pos))
      return out
    end
    table.insert(out, line:sub(pos, s - 1))
    table.insert(out, { name })
    pos = e + 1
  end
end

function init(args)
  local dir = args[1]
  seq_base = tonumber(args[2] or "0")
  batch = tonumber(args[3] or "1")
  local all = 0
  for row in read(dir .. "/agents.txt"):gmatch("[^\n]+") do
    all = all + 1
    local agent, token, host, inst, fpr = row:match("(%S+) (%S+) (%S+) (%S+) (%S+)")
    table.insert(agents, {
      values = { AGENT = agent, HOST = host, INST = inst, FPR = fpr },
      auth = "Bearer " .. token,
      k = all - 1,
    })
  end
  -- with -tN, pass N as THREADS: agent k belongs to thread k % N (id is set by setup)
  local mine, threads_n = {}, tonumber(args[4] or "1")
  for _, a in ipairs(agents) do
    if a.k % threads_n == id then table.insert(mine, a) end
  end
  agents = mine
  connections = tonumber(args[5] or "0")
  stagger_ms = tonumber(args[6] or "0")
  pace_ms = tonumber(args[7] or "0")
  local line = read(dir .. "/template.ndjson"):gsub("\n", "")
  parts = compile(line)
end

local function now_stamp()
  local t = os.time()
  if t ~= stamp_at then
    stamp_at = t
    stamp = os.date("!%Y-%m-%dT%H:%M:%S.000Z", t)
  end
  return stamp
end

local function report(a, seq, buf)
  local values = a.values
  values.SEQ = tostring(seq)
  values.TIME = now_stamp()
  for _, p in ipairs(parts) do
    if type(p) == "table" then
      buf[#buf + 1] = values[p[1]]
    else
      buf[#buf + 1] = p
    end
  end
end

-- wrk calls delay() before every request, the first ones (one per connection) included.
function delay()
  delays = delays + 1
  if delays <= connections then
    return math.floor(stagger_ms * (delays - 1) / connections)
  end
  return pace_ms
end

function request()
  local n = #agents
  local a = agents[counter % n + 1]
  local round = math.floor(counter / n)
  counter = counter + 1
  local buf = {}
  for k = 0, batch - 1 do
    if k > 0 then buf[#buf + 1] = "\n" end
    report(a, seq_base + round * batch + k + 1, buf)
  end
  buf[#buf + 1] = "\n"
  sent_reports = sent_reports + batch
  return wrk.format("POST", "/api/v1/reports", {
    ["Authorization"] = a.auth,
    ["Content-Type"] = "application/x-ndjson",
  }, table.concat(buf))
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if not status_seen[status] then
      status_seen[status] = true
      statuses = statuses .. tostring(status) .. ":" .. body:sub(1, 200):gsub('["\\\n]', "'") .. " | "
    end
  elseif not body:find('"rejected":[]', 1, true) then
    rejected = rejected + 1
    if not status_seen["rejected"] then
      status_seen["rejected"] = true
      statuses = statuses .. "rejected:" .. body:sub(1, 200):gsub('["\\\n]', "'") .. " | "
    end
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local t = { ok = 0, non200 = 0, rejected = 0, sent_reports = 0, statuses = "" }
  for _, thread in ipairs(threads) do
    for _, key in ipairs({ "ok", "non200", "rejected", "sent_reports" }) do
      t[key] = t[key] + (thread:get(key) or 0)
    end
    t.statuses = t.statuses .. (thread:get("statuses") or "")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"ok":%d,"non200":%d,"rejected":%d,' ..
    '"batch":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,' ..
    '"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"statuses":"%s"}\n',
    summary.requests, summary.duration, t.ok, t.non200, t.rejected, batch,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, t.statuses))
end
