// The sample's home page: polls /actuator/rusage once a second and draws the last minute of
// CPU time, page faults and context switches as SVG charts, lists the CPU per request of
// each endpoint from /actuator/prometheus, and sends /digest requests on demand.
'use strict';

(() => {
	const POINTS = 60;
	const POLL_MILLIS = 1000;
	const TABLE_MILLIS = 2000;
	const DIGESTS = 20;
	const DIGEST_CONCURRENCY = 4;
	const DIGEST_ROUNDS = 2000000;
	const SVG = 'http://www.w3.org/2000/svg';
	// the plot area inside each chart's 320 x 150 viewBox
	const LEFT = 44;
	const RIGHT = 314;
	const TOP = 8;
	const BOTTOM = 132;

	const cores = (value) => value.toFixed(value < 0.1 ? 3 : 2) + ' cores';
	const perSecond = (value) => (value < 10 ? value.toFixed(1) : Math.round(value).toString()) + '/s';

	const charts = [
		chart('chart-cpu', [['user', (r) => r.ru_utime], ['system', (r) => r.ru_stime]], cores, 0.05),
		chart('chart-faults', [['minor', (r) => r.ru_minflt], ['major', (r) => r.ru_majflt]], perSecond, 10),
		chart('chart-switches', [['voluntary', (r) => r.ru_nvcsw], ['involuntary', (r) => r.ru_nivcsw]],
				perSecond, 10),
	];

	let previous = null;

	function chart(id, series, format, minimumScale) {
		const figure = document.getElementById(id);
		const svg = figure.querySelector('svg');
		const grid = element('g', {});
		svg.appendChild(grid);
		const lines = series.map((entry, index) => {
			const line = element('polyline', { class: 'series-' + (index + 1), points: '' });
			svg.appendChild(line);
			return line;
		});
		const legend = series.map(([name], index) => {
			const item = document.createElement('li');
			item.className = 'series-' + (index + 1);
			item.textContent = name;
			figure.querySelector('.legend').appendChild(item);
			return item;
		});
		return { figure, grid, series, lines, legend, format, minimumScale, values: series.map(() => []) };
	}

	function element(name, attributes) {
		const node = document.createElementNS(SVG, name);
		Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
		return node;
	}

	// the smallest 1, 2 or 5 times a power of ten at or above the value
	function scaleFor(value) {
		const power = Math.pow(10, Math.floor(Math.log10(value)));
		return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value);
	}

	function draw(chart) {
		const largest = Math.max(chart.minimumScale, ...chart.values.flat());
		const scale = scaleFor(largest);
		const x = (index, count) => RIGHT - (count - 1 - index) * (RIGHT - LEFT) / (POINTS - 1);
		const y = (value) => BOTTOM - (value / scale) * (BOTTOM - TOP);
		chart.grid.replaceChildren();
		[0, 0.5, 1].forEach((fraction) => {
			const level = y(scale * fraction);
			chart.grid.appendChild(element('line', { class: 'grid', x1: LEFT, x2: RIGHT, y1: level, y2: level }));
			const label = element('text', { class: 'axis-label', x: LEFT - 4, y: level + 3, 'text-anchor': 'end' });
			label.textContent = String(Number((scale * fraction).toPrecision(3)));
			chart.grid.appendChild(label);
		});
		[['60 s ago', LEFT, 'start'], ['now', RIGHT, 'end']].forEach(([text, position, anchor]) => {
			const label = element('text', { class: 'axis-label', x: position, y: 146, 'text-anchor': anchor });
			label.textContent = text;
			chart.grid.appendChild(label);
		});
		chart.values.forEach((values, index) => {
			const points = values.map((value, i) => x(i, values.length).toFixed(1) + ',' + y(value).toFixed(1));
			chart.lines[index].setAttribute('points', points.join(' '));
			const latest = values[values.length - 1];
			chart.legend[index].textContent = chart.series[index][0] + ' ' + chart.format(latest);
		});
		chart.figure.dataset.points = String(chart.values[0].length);
	}

	async function poll() {
		try {
			const response = await fetch('actuator/rusage', { headers: { Accept: 'application/json' } });
			const body = await response.json();
			if (!response.ok) {
				throw new Error(body.message || response.statusText);
			}
			const now = performance.now();
			if (previous !== null) {
				const seconds = (now - previous.time) / 1000;
				charts.forEach((chart) => {
					const rates = chart.series.map(([, read]) => (read(body) - read(previous.reading)) / seconds);
					if (rates.every((rate) => rate >= 0)) {
						rates.forEach((rate, index) => {
							chart.values[index].push(rate);
							if (chart.values[index].length > POINTS) {
								chart.values[index].shift();
							}
						});
						draw(chart);
					}
				});
			}
			previous = { time: now, reading: body };
			setStatus(body);
		}
		catch (failure) {
			document.getElementById('status').textContent = 'Could not read /actuator/rusage: ' + failure.message;
		}
		finally {
			setTimeout(poll, POLL_MILLIS);
		}
	}

	function setStatus(reading) {
		const mebibytes = (reading.maxrss_bytes / 1048576).toFixed(0);
		document.getElementById('status').textContent = 'Since the JVM started: ' + reading.ru_utime.toFixed(2)
				+ ' s user, ' + reading.ru_stime.toFixed(2) + ' s system, ' + reading.ru_minflt + ' minor and '
				+ reading.ru_majflt + ' major page faults, peak RSS ' + mebibytes + ' MiB (read at '
				+ new Date().toLocaleTimeString() + ').';
	}

	const SAMPLE = /^http_server_requests_cpu_time_seconds_(count|sum|max)\{([^}]*)\} (\S+)/;
	const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

	async function refreshTable() {
		try {
			const response = await fetch('actuator/prometheus', { headers: { Accept: 'text/plain' } });
			if (!response.ok) {
				throw new Error(response.status + ' ' + response.statusText);
			}
			const endpoints = new Map();
			(await response.text()).split('\n').forEach((line) => {
				const sample = SAMPLE.exec(line);
				if (sample === null) {
					return;
				}
				const labels = Object.fromEntries([...sample[2].matchAll(LABEL)].map((match) => [match[1], match[2]]));
				const uri = labels.uri || '(none)';
				const endpoint = endpoints.get(uri) || { count: 0, sum: 0, max: 0 };
				const value = Number(sample[3]);
				endpoint[sample[1]] = (sample[1] === 'max') ? Math.max(endpoint.max, value) : endpoint[sample[1]] + value;
				endpoints.set(uri, endpoint);
			});
			renderTable([...endpoints.entries()].filter(([, endpoint]) => endpoint.count > 0)
				.sort(([, a], [, b]) => b.sum - a.sum));
		}
		catch (failure) {
			document.getElementById('fire-status').textContent = 'Could not read /actuator/prometheus: '
					+ failure.message;
		}
	}

	function renderTable(rows) {
		const body = document.querySelector('#endpoints tbody');
		if (rows.length === 0) {
			return;
		}
		body.replaceChildren(...rows.map(([uri, endpoint]) => {
			const row = document.createElement('tr');
			const name = document.createElement('td');
			const code = document.createElement('code');
			code.textContent = uri;
			name.appendChild(code);
			row.appendChild(name);
			[String(endpoint.count), (1000 * endpoint.sum / endpoint.count).toFixed(2),
				(1000 * endpoint.max).toFixed(2), endpoint.sum.toFixed(3)].forEach((text) => {
				const cell = document.createElement('td');
				cell.className = 'number';
				cell.textContent = text;
				row.appendChild(cell);
			});
			row.dataset.uri = uri;
			return row;
		}));
	}

	async function fire() {
		const button = document.getElementById('fire');
		const status = document.getElementById('fire-status');
		button.disabled = true;
		status.textContent = 'Sending ' + DIGESTS + ' requests…';
		const started = performance.now();
		let next = 0;
		let answered = 0;
		let cpuMicros = 0;
		const worker = async () => {
			while (next < DIGESTS) {
				next++;
				const response = await fetch('digest?rounds=' + DIGEST_ROUNDS + '&text=request-' + next);
				const report = await response.json();
				if (response.ok) {
					answered++;
					cpuMicros += (report.userCpuMicros || 0) + (report.systemCpuMicros || 0);
				}
			}
		};
		try {
			await Promise.all(Array.from({ length: DIGEST_CONCURRENCY }, worker));
			const seconds = ((performance.now() - started) / 1000).toFixed(1);
			status.textContent = answered + ' of ' + DIGESTS + ' requests answered in ' + seconds
					+ ' s; they reported ' + (cpuMicros / 1e6).toFixed(2) + ' s of CPU in all.';
		}
		catch (failure) {
			status.textContent = 'The requests failed: ' + failure.message;
		}
		finally {
			button.disabled = false;
			refreshTable();
		}
	}

	document.getElementById('fire').addEventListener('click', fire);
	poll();
	refreshTable();
	setInterval(refreshTable, TABLE_MILLIS);
})();
