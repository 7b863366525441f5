-- Counts responses outside 2xx per wrk thread and reports them with wrk's socket errors.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	non2xx = 0
end

function response(status, headers, body)
	if status < 200 or status > 299 then
		non2xx = non2xx + 1
	end
end

function done(summary, latency, requests)
	local total = 0
	for _, thread in ipairs(threads) do
		total = total + thread:get("non2xx")
	end
	local errors = summary.errors
	io.write(string.format("requests %d in %.1f s (%.0f/s), socket errors connect %d read %d write %d timeout %d, non-2xx %d\n",
		summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
		errors.connect, errors.read, errors.write, errors.timeout, total))
	io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
	io.write(string.format("RESULT socket_errors=%d non2xx=%d requests=%d\n",
		errors.connect + errors.read + errors.write + errors.timeout, total, summary.requests))
end
