// brainstem live page. No library: small canvas charts fed by /api/v1/samples (the window's history)
// and /api/v1/stream (one server-sent event per poll); panels polled from the other endpoints.
(() => {
  'use strict';

  const KEEP_MS = 3600e3;        // the longest window the page offers
  const PANEL_EVERY_MS = 5000;   // how often the panels are refreshed
  const RECONNECT_MS = 3000;
  const TOKEN_KEY = 'brainstem.token';
  const $ = (sel, root = document) => root.querySelector(sel);

  // ---- API token: ?token=... once, then kept for this browser tab only --------------------------
  const url = new URL(location.href);
  if (url.searchParams.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, url.searchParams.get('token'));
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash); // keep it out of the address bar
  }
  const headers = (extra = {}) => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { ...extra, Authorization: 'Bearer ' + token } : extra;
  };

  class HttpError extends Error {
    constructor(status) { super('HTTP ' + status); this.status = status; }
  }

  async function getJson(path) {
    const res = await fetch(path, { headers: headers({ Accept: 'application/json' }), cache: 'no-store' });
    if (res.status === 401) askForToken();
    if (!res.ok) throw new HttpError(res.status);
    return res.json();
  }

  function askForToken() {
    const box = $('#notice');
    if (!box.hidden) return;
    box.hidden = false;
    box.innerHTML = 'This service requires its API token. <form><input type="password" ' +
      'placeholder="brainstem.api-token" autocomplete="off"> <button>Use</button></form>';
    $('form', box).addEventListener('submit', (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $('input', box).value.trim());
      location.reload();
    });
  }

  // ---- formatting --------------------------------------------------------------------------------
  const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
  const num = (v) => (isNum(v) ? v : NaN);
  const pct = (v) => (isNum(v) ? (v * 100).toFixed(v < 0.1 ? 1 : 0) + '%' : '–');
  function bytes(v, suffix = '') {
    if (!isNum(v)) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 || v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i] + suffix;
  }
  const rate = (v) => bytes(v, '/s');
  const fixed = (d) => (v) => (isNum(v) ? v.toFixed(d) : '–');
  const ms = (v) => (isNum(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + ' ms' : '–');
  const clock = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const hm = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  function age(seconds) {
    if (!isNum(seconds)) return '–';
    if (seconds < 90) return seconds.toFixed(seconds < 10 ? 1 : 0) + ' s';
    if (seconds < 5400) return (seconds / 60).toFixed(0) + ' min';
    return (seconds / 3600).toFixed(1) + ' h';
  }
  /** ISO-8601 duration (PT0.2S, PT1M30S) in seconds, as Jackson writes java.time.Duration. */
  function isoSeconds(d) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(d || '');
    return m ? (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0) : NaN;
  }
  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

  // ---- samples: the readings the charts use, one small object per poll ----------------------------
  function sumOf(list, key) {
    let total = NaN;
    for (const item of list || []) if (isNum(item[key])) total = (isNaN(total) ? 0 : total) + item[key];
    return total;
  }
  const notLoopback = (i) => !/^lo\d*$/.test(i.name || '');

  function point(s) {
    const c = s.cpu || {}, m = s.memory || {}, l = s.load || {};
    const nics = ((s.networks || {}).interfaces || []).filter(notLoopback);
    const disks = (s.disks || {}).devices;
    return {
      t: Date.parse(s.timestamp), seq: s.sequence,
      cpu: num(c.total), user: num(c.user), system: num(c.system), iowait: num(c.iowait),
      cores: (c.perCore || []).map(num), logical: c.logicalCores,
      memUsed: num(m.usedBytes), memTotal: num(m.totalBytes), swapUsed: num(m.swapUsedBytes),
      load1: num(l.load1), load5: num(l.load5), load15: num(l.load15),
      diskRead: sumOf(disks, 'readBytesPerSecond'), diskWrite: sumOf(disks, 'writeBytesPerSecond'),
      netRx: sumOf(nics, 'rxBytesPerSecond'), netTx: sumOf(nics, 'txBytesPerSecond'),
    };
  }

  const state = {
    windowMs: 300e3,
    loadedMs: 0,         // how far back the history fetched so far reaches
    points: [],          // sorted by time, at most KEEP_MS
    latest: null,        // the newest sample as the API wrote it
    endpoints: null,     // Set of the API's paths, from GET /api/v1
    daemon: null,
  };

  function add(samples) {
    if (!samples.length) return;
    const pts = samples.map(point).filter((p) => isNum(p.t));
    const last = state.points.length ? state.points[state.points.length - 1].t : -Infinity;
    if (pts.every((p) => p.t > last)) {
      state.points.push(...pts);
    } else {
      const byTime = new Map(state.points.map((p) => [p.t, p]));
      for (const p of pts) byTime.set(p.t, p);
      state.points = [...byTime.values()].sort((a, b) => a.t - b.t);
    }
    const newest = samples.reduce((a, b) => (Date.parse(b.timestamp) >= Date.parse(a.timestamp) ? b : a));
    if (!state.latest || Date.parse(newest.timestamp) >= Date.parse(state.latest.timestamp)) state.latest = newest;
    const end = state.points[state.points.length - 1].t;
    const first = state.points.findIndex((p) => p.t >= end - KEEP_MS);
    if (first > 0) state.points.splice(0, first);
    scheduleDraw();
  }

  // ---- charts --------------------------------------------------------------------------------------
  /** Canvas line chart; the figure's data-points attribute counts the values drawn. */
  class LineChart {
    constructor(id, series, opts) {
      this.fig = $('#' + id);
      this.canvas = $('canvas', this.fig);
      this.legend = $('.legend', this.fig);
      this.series = series;
      this.opts = opts;
    }

    draw(points, t0, t1) {
      const { ctx, w, h } = prepare(this.canvas);
      const stepOf = this.opts.bytes ? niceBytes : niceStep;
      let max = this.opts.max ? this.opts.max(points) : NaN;
      let step;
      if (isNum(max) && max > 0) {
        step = stepOf(max / 4);
      } else { // up to the highest value drawn, rounded up to a whole step
        max = 0;
        for (const p of points) for (const s of this.series) if (isNum(p[s.key])) max = Math.max(max, p[s.key]);
        max = Math.max(max, this.opts.floor || 1);
        step = stepOf(max / 3);
        max = Math.ceil(max / step - 1e-9) * step;
      }
      const pad = axes(ctx, w, h, t0, t1, max, step, this.opts.fmt);
      const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (w - pad.l - pad.r);
      const y = (v) => h - pad.b - (Math.min(v, max) / max) * (h - pad.t - pad.b);
      const gap = gapOf(points);
      let drawn = 0;
      for (const s of this.series) {
        ctx.strokeStyle = css(s.color);
        ctx.lineWidth = s.width || 1.5;
        ctx.setLineDash(s.dash || []);
        ctx.beginPath();
        let prev = null;
        for (const p of points) {
          const v = p[s.key];
          if (!isNum(v)) { prev = null; continue; }
          if (prev && p.t - prev.t <= gap) ctx.lineTo(x(p.t), y(v)); else ctx.moveTo(x(p.t), y(v));
          prev = p;
          drawn++;
        }
        ctx.stroke();
      }
      ctx.setLineDash([]);
      if (this.opts.guide) {
        const g = this.opts.guide(points);
        if (isNum(g) && g <= max) {
          ctx.strokeStyle = css('--muted');
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(pad.l, y(g));
          ctx.lineTo(w - pad.r, y(g));
          ctx.stroke();
          ctx.setLineDash([]);
        }
      }
      this.fig.dataset.points = drawn;
      const last = points[points.length - 1];
      this.legend.innerHTML = this.series.map((s) =>
        `<span><i style="background:var(${s.color})"></i>${s.label} ${last ? this.opts.fmt(last[s.key]) : '–'}</span>`)
        .join('') + (this.opts.note && last ? `<span>${this.opts.note(last)}</span>` : '');
    }
  }

  /** Cores × time, one row per core, darker where busier. */
  class Heatmap {
    constructor(id) {
      this.fig = $('#' + id);
      this.canvas = $('canvas', this.fig);
      this.legend = $('.legend', this.fig);
    }

    draw(points, t0, t1) {
      const { ctx, w, h } = prepare(this.canvas);
      const cores = points.reduce((n, p) => Math.max(n, p.cores.length), 0);
      const pad = axes(ctx, w, h, t0, t1, NaN, NaN, null, cores ? ['cpu' + (cores - 1)] : []);
      const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (w - pad.l - pad.r);
      const rowH = (h - pad.t - pad.b) / Math.max(cores, 1);
      const gap = gapOf(points);
      const [r, g, b] = rgb(css('--c1'));
      let drawn = 0;
      for (let i = 0; i < points.length; i++) {
        // A reading covers the interval since the previous poll: its cell ends at its own time.
        const p = points[i], prev = points[i - 1];
        const x1 = x(p.t);
        const x0 = prev && p.t - prev.t <= gap ? x(prev.t) : x1 - 2;
        p.cores.forEach((v, c) => {
          if (!isNum(v)) return;
          ctx.fillStyle = `rgba(${r},${g},${b},${0.08 + 0.92 * Math.min(Math.max(v, 0), 1)})`;
          ctx.fillRect(x0, pad.t + c * rowH, Math.max(x1 - x0, 1), Math.max(rowH - (rowH > 4 ? 1 : 0), 1));
          drawn++;
        });
      }
      ctx.fillStyle = css('--muted');
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      if (cores) {
        const every = Math.ceil(12 / rowH);
        for (let c = 0; c < cores; c += every) ctx.fillText('cpu' + c, pad.l - 6, pad.t + (c + 0.5) * rowH);
      }
      this.fig.dataset.points = drawn;
      const last = points[points.length - 1];
      if (!last || !last.cores.length) {
        this.legend.innerHTML = '<span>–</span>';
        return;
      }
      let busiest = 0;
      last.cores.forEach((v, c) => { if (num(v) > num(last.cores[busiest]) || !isNum(last.cores[busiest])) busiest = c; });
      this.legend.innerHTML = `<span>${last.cores.length} cores</span><span>busiest cpu${busiest} ${pct(last.cores[busiest])}</span>`;
    }
  }

  function prepare(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '11px system-ui, sans-serif';
    return { ctx, w, h };
  }

  /**
   * Grid, value labels at round steps and time labels; answers the plot area's padding, the left one
   * as wide as the widest label.
   */
  function axes(ctx, w, h, t0, t1, max, step, fmt, rowLabels) {
    const pad = { l: 8, r: 6, t: 6, b: 18 };
    const ticks = [];
    if (isNum(max)) for (let i = 0; i * step <= max * 1.0001; i++) ticks.push(i * step);
    const labels = rowLabels || ticks.map((v) => fmt(v));
    for (const l of labels) pad.l = Math.max(pad.l, ctx.measureText(l).width + 12);
    ctx.strokeStyle = css('--grid');
    ctx.fillStyle = css('--muted');
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ticks.forEach((v, i) => {
      const y = Math.round(h - pad.b - (v / max) * (h - pad.t - pad.b)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(w - pad.r, y);
      ctx.stroke();
      ctx.fillText(labels[i], pad.l - 6, y);
    });
    ctx.textBaseline = 'alphabetic';
    const n = w < 420 ? 2 : 4;
    for (let i = 0; i <= n; i++) {
      const t = t0 + ((t1 - t0) * i) / n;
      ctx.textAlign = i === 0 ? 'left' : i === n ? 'right' : 'center';
      ctx.fillText(t1 - t0 <= 900e3 ? clock(t) : hm(t), pad.l + (i / n) * (w - pad.l - pad.r), h - 4);
    }
    return pad;
  }

  function niceStep(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  /** The longest step between two samples that is still drawn as a line (longer ones are gaps). */
  function gapOf(points) {
    const steps = [];
    for (let i = Math.max(1, points.length - 50); i < points.length; i++) steps.push(points[i].t - points[i - 1].t);
    steps.sort((a, b) => a - b);
    return steps.length ? steps[steps.length >> 1] * 2.5 : Infinity;
  }

  /** A round step in the binary units the labels use (256 MiB, 2 GiB...). */
  function niceBytes(v) {
    const unit = Math.pow(1024, Math.max(0, Math.floor(Math.log(v) / Math.log(1024))));
    return niceStep(v / unit) * unit;
  }

  function rgb(color) {
    const m = /^#([\da-f]{2})([\da-f]{2})([\da-f]{2})$/i.exec(color);
    return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [47, 111, 222];
  }

  const lastOf = (points, key) => {
    for (let i = points.length - 1; i >= 0; i--) if (isNum(points[i][key])) return points[i][key];
    return NaN;
  };

  const charts = [
    new LineChart('chart-cpu', [
      { key: 'cpu', label: 'total', color: '--c1', width: 2 },
      { key: 'user', label: 'user', color: '--c4', width: 1 },
      { key: 'system', label: 'system', color: '--c2', width: 1 },
      { key: 'iowait', label: 'iowait', color: '--c5', width: 1 },
    ], { fmt: pct, max: () => 1 }),
    new Heatmap('chart-cores'),
    new LineChart('chart-memory', [
      { key: 'memUsed', label: 'used', color: '--c1', width: 2 },
      { key: 'swapUsed', label: 'swap', color: '--c2' },
    ], { fmt: bytes, bytes: true, max: (pts) => lastOf(pts, 'memTotal'), note: (p) => 'of ' + bytes(p.memTotal) }),
    new LineChart('chart-load', [
      { key: 'load1', label: '1 min', color: '--c1', width: 2 },
      { key: 'load5', label: '5 min', color: '--c4' },
      { key: 'load15', label: '15 min', color: '--c3' },
    ], {
      fmt: fixed(1), floor: 1, guide: (pts) => (pts.length ? pts[pts.length - 1].logical : NaN),
      note: (p) => (p.logical ? `${p.logical} cores (dashed line when in range)` : ''),
    }),
    new LineChart('chart-disk', [
      { key: 'diskRead', label: 'read', color: '--c4', width: 1.5 },
      { key: 'diskWrite', label: 'write', color: '--c2', width: 1.5 },
    ], { fmt: rate, bytes: true, floor: 1024 }),
    new LineChart('chart-network', [
      { key: 'netRx', label: 'in', color: '--c1', width: 1.5 },
      { key: 'netTx', label: 'out', color: '--c3', width: 1.5 },
    ], { fmt: rate, bytes: true, floor: 1024 }),
  ];

  function drawFilesystems() {
    const fig = $('#chart-fs');
    const fs = state.latest && state.latest.filesystems;
    const mounts = fs ? fs.mounts || [] : [];
    $('.bars', fig).innerHTML = mounts.length ? mounts.map((m) => {
      const f = num(m.usedFraction);
      const cls = f >= 0.95 ? 'bad' : f >= 0.85 ? 'warn' : '';
      return `<div class="bar"><span class="name" title="${esc(m.device)} (${esc(m.type)})">${esc(m.mountPoint)}</span>` +
        `<span class="track"><span class="fill ${cls}" style="width:${isNum(f) ? (f * 100).toFixed(1) : 0}%;display:block"></span></span>` +
        `<span class="val">${pct(f)} of ${bytes(m.totalBytes)}</span></div>`;
    }).join('') : `<span class="na">${fs ? 'no filesystems' : 'not available'}</span>`;
    const slow = fs && fs.unresponsive && fs.unresponsive.length ? `unresponsive: ${esc(fs.unresponsive.join(', '))}` : '';
    $('.legend', fig).innerHTML = slow ? `<span class="warn">${slow}</span>` : '';
    fig.dataset.points = mounts.length;
  }

  let drawPending = false;
  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => { drawPending = false; draw(); });
  }

  function draw() {
    const pts = state.points;
    const end = pts.length ? pts[pts.length - 1].t : Date.now();
    // The window, or less while the buffer holds less: a young service's few minutes fill the width.
    const t0 = Math.max(end - state.windowMs, pts.length > 1 ? pts[0].t : end - 60e3);
    const first = pts.findIndex((p) => p.t >= t0);
    const visible = first < 0 ? [] : pts.slice(first);
    for (const c of charts) c.draw(visible, t0, end);
    drawFilesystems();
    const s = state.latest;
    if (s) {
      const lp = $('#last-poll');
      lp.dataset.seq = s.sequence;
      lp.textContent = `#${s.sequence} at ${clock(Date.parse(s.timestamp))}`;
      const host = s.host;
      if (host) $('#host').textContent = [host.hostname, host.osName, host.osVersion].filter(Boolean).join(' · ');
    }
  }

  // ---- history and live stream ---------------------------------------------------------------------
  /** The buffer's span, when the daemon says it, so that a window longer than the buffer is not asked for. */
  function bufferSpanMs() {
    const d = state.daemon;
    return d ? isoSeconds(d.pollInterval) * 1000 * d.bufferCapacity : NaN;
  }

  async function loadHistory(windowMs) {
    const span = bufferSpanMs();
    let path;
    if (isNum(span)) { // a window longer than the buffer is refused: then the whole buffer is the window
      path = windowMs >= span ? 'api/v1/samples' : `api/v1/samples?window=${windowMs / 1000}s`;
    } else { // no daemon state to tell the buffer's span: ask by time, which is never refused
      const since = (state.latest ? Date.parse(state.latest.timestamp) : Date.now()) - windowMs;
      path = `api/v1/samples?since=${new Date(since).toISOString()}`;
    }
    const body = await getJson(path);
    state.loadedMs = Math.max(state.loadedMs, windowMs);
    add(body.samples || []);
  }

  function setConn(s, text) {
    const el = $('#conn');
    el.dataset.state = s;
    el.textContent = text || s;
  }

  /** Reads the server-sent events through fetch, which (unlike EventSource) can send the token. */
  async function stream() {
    let first = true;
    for (;;) {
      try {
        const res = await fetch('api/v1/stream', { headers: headers({ Accept: 'text/event-stream' }), cache: 'no-store' });
        if (res.status === 401) { askForToken(); setConn('offline', 'needs token'); return; }
        if (!res.ok) throw new HttpError(res.status);
        setConn('live');
        if (!first) loadHistory(state.windowMs).catch(() => {}); // fill what was missed meanwhile
        first = false;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            onEvent(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      } catch (e) {
        // the service restarted or the network went away: try again shortly
      }
      setConn('connecting', 'reconnecting');
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
    }
  }

  function onEvent(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    if (name === 'sample' && data.length) add([JSON.parse(data.join('\n'))]);
  }

  // ---- panels --------------------------------------------------------------------------------------
  const has = (path) => !state.endpoints || state.endpoints.has(path);
  const body = (id) => $(`#${id} .body`);
  const notAvailable = (id, why = 'not available') => { body(id).innerHTML = `<span class="na">${esc(why)}</span>`; };
  const kv = (rows) => '<dl class="kv">' + rows.filter(Boolean)
    .map(([k, v, cls]) => `<dt>${esc(k)}</dt><dd${cls ? ` class="${cls}"` : ''}>${v}</dd>`).join('') + '</dl>';

  /** Fetches a panel's data; answers null (and says so in the panel) when the endpoint is missing. */
  async function panelData(id, path) {
    if (!has(path)) { notAvailable(id); return null; }
    try {
      return await getJson(path.slice(1)); // relative to the page, which may be under a context path
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) notAvailable(id);
      else if (e instanceof HttpError && e.status === 503) notAvailable(id, 'not ready yet');
      else notAvailable(id, 'could not load: ' + e.message);
      return null;
    }
  }

  function renderDaemon(d) {
    const d50 = d.pollDurations || {};
    const sensors = d.sensors || [];
    const errors = sensors.reduce((n, s) => n + (s.errors || 0), 0);
    const timeouts = sensors.reduce((n, s) => n + (s.timeouts || 0), 0);
    const failing = sensors.filter((s) => s.errors || s.timeouts || s.consecutiveFailures);
    const interval = isoSeconds(d.pollInterval);
    body('panel-daemon').innerHTML = kv([
      ['state', d.running ? 'running' : 'stopped', d.running ? 'ok' : 'bad'],
      ['polls', `${d.polls} every ${age(interval)}`],
      ['poll p50 / p99', `${ms(d50.p50)} / ${ms(d50.p99)}`],
      ['overruns', `${d.overruns}` + (d.skippedTicks ? ` (${d.skippedTicks} ticks skipped)` : ''), d.overruns ? 'warn' : ''],
      ['sensor errors / time-outs', `${errors} / ${timeouts}`, errors || timeouts ? 'warn' : ''],
      d.listenerErrors || d.loopErrors ? ['other errors', `${d.listenerErrors} listener, ${d.loopErrors} loop`, 'warn'] : null,
      ['buffer', `${d.bufferSize} / ${d.bufferCapacity} samples`],
      ['started', d.startedAt ? new Date(d.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' }) : '–'],
    ]) + (failing.length ? '<h3>Sensors with errors</h3><div class="scroll"><table><tr><th>sensor</th>' +
      '<th class="num">errors</th><th class="num">time-outs</th><th>last error</th></tr>' + failing.map((s) =>
      `<tr><td>${esc(s.name)}</td><td class="num">${s.errors}</td><td class="num">${s.timeouts}</td>` +
      `<td title="${esc(s.lastError)}">${esc((s.lastError || '').slice(0, 60))}</td></tr>`).join('') + '</table></div>' : '');
  }

  /**
   * The emitter section of /api/v1/daemon ({configured, urls, state: EmitterState}) and the spool section
   * ({directory, stats: SpoolStats, writer}): is Elasticsearch reachable, how much waits and for how long.
   */
  function renderEmitter(em, sp) {
    const st = (em && em.state) || {};
    const stats = (sp && sp.stats) || {};
    const rows = [];
    if (em && em.configured === false) {
      rows.push(['Elasticsearch', 'not configured', 'na']);
    } else if (em) {
      rows.push(['Elasticsearch', st.reachable === true ? 'reachable' : st.reachable === false ? 'unreachable' : 'not tried yet',
        st.reachable === true ? 'ok' : st.reachable === false ? 'bad' : '']);
      if (st.circuit) rows.push(['circuit', esc(st.circuit.toLowerCase()), st.circuit === 'CLOSED' ? 'ok' : st.circuit === 'HALF_OPEN' ? 'warn' : 'bad']);
    }
    if ('records' in stats) {
      rows.push(['spool depth', `${stats.records} documents, ${bytes(stats.bytes)} on disk`]);
      const now = state.latest ? Date.parse(state.latest.timestamp) : Date.now();
      const oldest = stats.oldestTimestamp ? Math.max(0, (now - Date.parse(stats.oldestTimestamp)) / 1000) : NaN;
      rows.push(['oldest undelivered', isNum(oldest) ? age(oldest) : 'none', oldest > 300 ? 'warn' : '']);
      if (stats.dropped || stats.recordsLost) rows.push(['dropped / lost', `${stats.dropped} / ${stats.recordsLost}`, 'bad']);
    }
    if ('delivered' in st) rows.push(['delivered', `${st.delivered}` + (st.deadLettered ? `, ${st.deadLettered} dead-lettered` : '')]);
    if (isNum(st.bulkP50Millis)) rows.push(['bulk p50 / p99', `${ms(st.bulkP50Millis)} / ${ms(st.bulkP99Millis)}`]);
    if (st.lastError) rows.push(['last error', esc(st.lastError), 'warn']);
    if (em && em.urls) rows.push(['nodes', esc(em.urls.join(', '))]);
    if (sp && sp.writer && sp.writer.writeErrors) rows.push(['spool write errors', `${sp.writer.writeErrors}`, 'bad']);
    body('panel-emitter').innerHTML = rows.length ? kv(rows) : '<span class="na">not available</span>';
  }

  /** Alerts pending or firing now, then the recent transitions (newest first). */
  function renderAlerts(a) {
    const active = a.active || [];
    const recent = a.recent || [];
    // The message starts with the rule's name, which the line shows already.
    const message = (x) => {
      const m = x.message || '';
      return m.startsWith(x.rule + ':') ? m.slice(x.rule.length + 1).trim() : m;
    };
    const line = (x, event) => {
      const sev = x.severity || '';
      const sevCls = sev === 'critical' ? 'bad' : sev === 'info' ? 'na' : 'warn';
      const st = event ? `${x.from} → ${x.to}` : x.state;
      const when = event ? x.at : x.since;
      const name = x.rule + (x.subject ? ` (${x.subject})` : '');
      return `<div class="alert" data-rule="${esc(x.rule)}" data-state="${esc(event ? x.to : x.state)}">` +
        `${sev ? `<span class="sev ${sevCls}">${esc(sev)}</span>` : ''}<span><b>${esc(name)}</b> ` +
        `<span class="na">${esc(st)}</span><span class="msg">${esc(message(x))}</span></span>` +
        `<span class="when">${when ? clock(Date.parse(when)) : ''}</span></div>`;
    };
    body('panel-alerts').innerHTML =
      (active.length ? active.map((x) => line(x, false)).join('') : '<span class="ok">no active alerts</span>') +
      (recent.length ? `<h3>Recent transitions (${a.transitions ?? recent.length} in all)</h3>` +
        recent.slice(0, 6).map((x) => line(x, true)).join('') : '');
    $('#panel-alerts').dataset.active = active.length;
  }

  function renderRequests(r) {
    const routes = (r.routes || []).slice().sort((a, b) => b.count - a.count).slice(0, 12);
    const recent = (r.recent || []).slice(-10).reverse();
    body('panel-requests').innerHTML =
      `<div class="scroll"><table><tr><th>route</th><th class="num">requests</th><th class="num opt">4xx</th>` +
      `<th class="num">5xx</th><th class="num">p50</th><th class="num opt">p95</th><th class="num">p99</th></tr>` +
      (routes.length ? routes.map((x) => `<tr><td>${esc(x.route)}</td><td class="num">${x.count}</td>` +
        `<td class="num opt">${x.clientErrors}</td><td class="num${x.serverErrors ? ' bad' : ''}">${x.serverErrors}</td>` +
        `<td class="num">${ms(x.p50Millis)}</td><td class="num opt">${ms(x.p95Millis)}</td><td class="num">${ms(x.p99Millis)}</td></tr>`).join('')
        : '<tr><td colspan="7" class="na">no requests yet</td></tr>') + '</table></div>' +
      `<h3>Recent (${r.total} in all)</h3><div class="scroll"><table><tr><th>time</th><th>request</th>` +
      `<th class="num">status</th><th class="num">duration</th><th class="num opt">CPU</th></tr>` +
      recent.map((x) => `<tr><td>${clock(Date.parse(x.start))}</td><td>${esc(x.method)} ${esc(x.route || '(unrouted)')}</td>` +
        `<td class="num${x.status >= 500 ? ' bad' : x.status >= 400 ? ' warn' : ''}">${x.status}</td>` +
        `<td class="num">${ms(x.durationNanos / 1e6)}</td><td class="num opt">${isNum(x.cpuNanos) ? ms(x.cpuNanos / 1e6) : '–'}</td></tr>`).join('') +
      '</table></div>';
  }

  /** The application's components (last 5 minutes) and queues, from /api/v1/components. */
  function renderComponents(c) {
    const list = (c.components || []).slice(0, 20);
    const queues = c.queues || [];
    const over = (x) => isNum(x.budgetRatio) && x.budgetRatio > 1;
    body('panel-components').innerHTML =
      `<div class="scroll"><table><tr><th>component</th><th class="num">ops</th><th class="num">errors</th>` +
      `<th class="num">avg</th><th class="num">p95</th><th class="num opt">p99</th><th class="num opt">peak</th>` +
      `<th class="num opt">CPU/op</th><th class="num opt">tokens in/out</th><th class="num opt">TTFT</th>` +
      `<th class="num">budget</th></tr>` +
      (list.length ? list.map((x) => `<tr data-component="${esc(x.name)}"><td>${esc(x.name)}</td>` +
        `<td class="num">${x.count}</td><td class="num${x.errors ? ' bad' : ''}">${x.errors}</td>` +
        `<td class="num">${ms(x.avgMs)}</td><td class="num${over(x) ? ' warn' : ''}">${ms(x.p95Ms)}</td>` +
        `<td class="num opt">${ms(x.p99Ms)}</td><td class="num opt">${ms(x.maxMs)}</td>` +
        `<td class="num opt">${ms(x.cpuMsPerOp)}</td>` +
        `<td class="num opt">${x.tokensIn != null ? `${x.tokensIn} / ${x.tokensOut}` : '–'}</td>` +
        `<td class="num opt">${ms(x.ttftAvgMs)}</td>` +
        `<td class="num${over(x) ? ' warn' : ''}">${isNum(x.expectedMs) ? ms(x.expectedMs) : '–'}</td></tr>`).join('')
        : '<tr><td colspan="11" class="na">no observations yet</td></tr>') + '</table></div>' +
      (c.overflow ? `<p class="warn">${c.overflow} observations counted as "other": more than ${c.maxComponents} names</p>` : '') +
      `<h3>Queues</h3><div class="scroll"><table><tr><th>queue</th><th class="num">depth</th><th class="num">capacity</th>` +
      `<th class="num">used</th><th class="num opt">peak</th><th class="num">overflows</th><th class="num opt">oldest</th></tr>` +
      (queues.length ? queues.map((q) => `<tr data-queue="${esc(q.name)}"><td>${esc(q.name)}</td>` +
        `<td class="num">${q.depth ?? '–'}</td><td class="num">${q.capacity ?? '∞'}</td>` +
        `<td class="num${q.utilization >= 0.9 ? ' warn' : ''}">${pct(q.utilization)}</td><td class="num opt">${q.peak}</td>` +
        `<td class="num${q.overflows ? ' bad' : ''}">${q.overflows}</td><td class="num opt">${ms(q.oldestAgeMs)}</td></tr>`).join('')
        : '<tr><td colspan="7" class="na">no queues registered</td></tr>') + '</table></div>';
    $('#panel-components').dataset.components = list.length;
    $('#panel-components').dataset.queues = queues.length;
  }

  /** The daemon's state, and beside it every other part's (emitter, spool...): {daemon: {...}, emitter: {...}}. */
  async function refreshDaemon() {
    const status = await panelData('panel-daemon', '/api/v1/daemon');
    const daemon = status && (status.daemon || status);
    state.daemon = daemon;
    if (daemon) renderDaemon(daemon);
    if (status && (status.emitter || status.spool)) renderEmitter(status.emitter || {}, status.spool);
    else notAvailable('panel-emitter');
  }

  async function refreshOthers() {
    const [alerts, requests, components] = await Promise.all([
      panelData('panel-alerts', '/api/v1/alerts'), panelData('panel-requests', '/api/v1/requests'),
      panelData('panel-components', '/api/v1/components')]);
    if (alerts) renderAlerts(alerts);
    if (requests) renderRequests(requests);
    if (components) renderComponents(components);
  }

  async function refreshPanels() {
    await Promise.all([refreshDaemon(), refreshOthers()]);
  }

  async function panelLoop() {
    try { await refreshPanels(); } catch (e) { /* shown in the panels */ }
    setTimeout(panelLoop, PANEL_EVERY_MS);
  }

  // ---- start ---------------------------------------------------------------------------------------
  function selectWindow(ms) {
    state.windowMs = ms;
    for (const b of document.querySelectorAll('#window button')) b.setAttribute('aria-pressed', String(+b.dataset.window * 1000 === ms));
    if (ms > state.loadedMs) loadHistory(ms).catch(() => {});
    scheduleDraw();
  }
  $('#window').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-window]');
    if (b) selectWindow(+b.dataset.window * 1000);
  });
  new ResizeObserver(() => scheduleDraw()).observe($('main'));

  async function start() {
    stream();
    try {
      state.endpoints = new Set((await getJson('api/v1')).endpoints);
    } catch (e) {
      state.endpoints = null; // an older service without the index: try every endpoint
    }
    await refreshDaemon().catch(() => {}); // first: it tells how far back the buffer reaches
    await Promise.all([
      loadHistory(state.windowMs).then(() => { document.body.dataset.history = 'loaded'; }),
      refreshOthers(),
    ]).catch(() => {});
    scheduleDraw();
    setTimeout(panelLoop, PANEL_EVERY_MS);
  }

  start();
})();
