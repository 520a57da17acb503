-- wrk scenarios of scripts/bench. BENCH_SCENARIO names one; BENCH_DIR holds the lists it draws
-- from (reuse and dataset slugs, tags, dataset ids, organization ids and slugs, search words,
-- the reusers' API keys; with BENCH_ONE_USER, creations all use BENCH_TOKEN's). Each thread draws from its own seeded
-- generator; `done` prints one JSON line that scripts/bench reads.

local scenario = os.getenv("BENCH_SCENARIO")
local dir = os.getenv("BENCH_DIR")
local threads = {}

local function lines(name)
  local list = {}
  for line in io.lines(dir .. "/" .. name) do
    list[#list + 1] = line
  end
  return list
end

local function any(list)
  return list[math.random(#list)]
end

function setup(thread)
  thread:set("number", #threads + 1)
  threads[#threads + 1] = thread
end

local types = { "application", "visualization", "api", "news_article", "paper", "post", "idea" }
local topics = { "health", "transport_and_mobility", "environment_and_energy",
  "economy_and_business", "society_and_demography", "open_data_tools", "others" }
local sorts = { "-created", "created", "title", "-title", "-views", "-followers", "-datasets",
  "-last_modified", "views", "datasets" }
local words_for_titles = { "Lyon", "Paris", "Nantes", "Lille", "Rennes", "Grenoble" }
local reuse_slugs, dataset_slugs, tags, words, dataset_ids, tokens, org_ids, org_slugs
local created = 0

function init(args)
  math.randomseed(tonumber(os.getenv("BENCH_SEED") or "42") * 1000 + number)
  if scenario == "gallery_random" then
    tags = lines("tags")
  elseif scenario == "search" then
    words = lines("words")
  elseif scenario == "reuse_page" or scenario == "reuse_page_uncached" then
    reuse_slugs = lines("reuse-slugs")
  elseif scenario == "dataset_page" or scenario == "dataset_page_uncached" then
    dataset_slugs = lines("dataset-slugs")
  elseif scenario == "create_reuse" then
    dataset_ids = lines("dataset-ids")
    tokens = os.getenv("BENCH_ONE_USER") and { os.getenv("BENCH_TOKEN") } or lines("tokens")
  elseif scenario == "org_metrics" then
    org_ids = lines("org-ids")
  elseif scenario == "dataset_metrics" then
    dataset_ids = lines("dataset-ids")
  elseif scenario == "impact_org_page" then
    org_slugs = lines("org-slugs")
  end
end

-- A random gallery query: one to three filters, a sort, a page (mostly the first few).
local function gallery_query()
  local parts = {}
  if math.random() < 0.5 then parts[#parts + 1] = "type=" .. any(types) end
  if math.random() < 0.4 then parts[#parts + 1] = "topic=" .. any(topics) end
  if math.random() < 0.5 then parts[#parts + 1] = "tag=" .. any(tags) end
  parts[#parts + 1] = "sort=" .. any(sorts)
  local page = math.random() < 0.8 and math.random(1, 5) or math.random(6, 40)
  parts[#parts + 1] = "page=" .. page
  return table.concat(parts, "&")
end

function request()
  if scenario == "ping" then
    return wrk.format("GET", "/ping")
  elseif scenario == "gallery_api" then
    return wrk.format("GET", "/api/1/reuses/")
  elseif scenario == "gallery_html" then
    return wrk.format("GET", "/reuses/")
  elseif scenario == "gallery_random" then
    local base = math.random() < 0.5 and "/api/1/reuses/?" or "/reuses/?"
    return wrk.format("GET", base .. gallery_query())
  elseif scenario == "search" then
    local q = any(words)
    if math.random() < 0.5 then q = q .. "+" .. any(words) end
    return wrk.format("GET", "/api/1/reuses/?q=" .. q)
  elseif scenario == "reuse_page" then
    return wrk.format("GET", "/reuses/" .. any(reuse_slugs) .. "/")
  elseif scenario == "reuse_page_uncached" then
    return wrk.format("GET", "/reuses/" .. any(reuse_slugs) .. "/?from=bench")
  elseif scenario == "dataset_page" then
    return wrk.format("GET", "/datasets/" .. any(dataset_slugs) .. "/")
  elseif scenario == "dataset_page_uncached" then
    return wrk.format("GET", "/datasets/" .. any(dataset_slugs) .. "/?from=bench")
  elseif scenario == "site_metrics" then
    return wrk.format("GET", "/api/1/site/metrics/")
  elseif scenario == "org_metrics" then
    return wrk.format("GET", "/api/1/organizations/" .. any(org_ids) .. "/metrics/")
  elseif scenario == "dataset_metrics" then
    return wrk.format("GET", "/api/1/datasets/" .. any(dataset_ids) .. "/metrics/")
  elseif scenario == "impact_page" then
    return wrk.format("GET", "/impact/")
  elseif scenario == "impact_org_page" then
    return wrk.format("GET", "/impact/organizations/" .. any(org_slugs) .. "/")
  elseif scenario == "create_reuse" then
    created = created + 1
    local first = math.random(#dataset_ids)
    local second = (first % #dataset_ids) + 1
    local name = os.getenv("BENCH_RUN") .. "-" .. number .. "-" .. created
    local body = string.format(
      '{"title":"Bench reuse %s","description":"Made by scripts/bench: a map of %s.",' ..
      '"url":"https://bench.example/%s","type":"%s","topic":"%s","tags":["bench","%s"],' ..
      '"datasets":["%s","%s"]}',
      name, any(words_for_titles), name, any(types), any(topics), "velo", dataset_ids[first],
      dataset_ids[second])
    return wrk.format("POST", "/api/1/reuses/", {
      ["Content-Type"] = "application/json",
      -- Each in turn, odd ones for the first of wrk's two threads, even ones for the second:
      -- the requests in flight at one moment come from different reusers.
      ["X-API-KEY"] = tokens[(created * 2 + number - 1) % #tokens + 1],
    }, body)
  end
  error("unknown BENCH_SCENARIO " .. tostring(scenario))
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
