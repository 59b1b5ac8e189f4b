// The Sluice web UI: polls the REST API every second and draws the overview (dashboard, timelines and
// histograms with uPlot, receivers, batch tables) or one batch's page, chosen by the URL's hash.
"use strict";

(() => {
  const state = { app: null, charts: {} };
  window.sluice = state; // for the browser tests: the charts and their data

  const $ = (selector) => document.querySelector(selector);
  const api = async (path) => {
    const response = await fetch(`/api/v1/applications/${encodeURIComponent(state.app)}/streaming/${path}`);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  };
  const ms = (value) => (value == null ? "–" : `${Math.round(value).toLocaleString("en")} ms`);
  const count = (value) => (value == null ? "–" : Math.round(value).toLocaleString("en"));
  // One way to write times everywhere (tables, charts, summaries): 24-hour local time, dates year first.
  const two = (n) => String(n).padStart(2, "0");
  const clock = (date) => `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  const time = (iso) => `${clock(new Date(iso))}.${String(new Date(iso).getMilliseconds()).padStart(3, "0")}`;
  const dateTime = (iso) => { const d = new Date(iso); return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(d)}`; };
  const bytes = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`);

  /** An element with attributes and children (strings become text). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  function fillTable(selector, rows) {
    const body = $(`${selector} tbody`);
    body.replaceChildren(...rows.map((cells) => el("tr", {}, ...cells.map((cell) => (cell instanceof Node && cell.tagName === "TD" ? cell : el("td", {}, cell))))));
  }

  const number = (text) => el("td", { class: "number" }, text);
  const batchLink = (batch) => el("a", { href: `#/batch/${batch.batchId}` }, time(batch.batchTime));

  // The four timelines of Spark's streaming page, each with its histogram.
  const series = [
    { key: "input", title: "Input rate", unit: "records/s", value: (b) => (b.inputSize * 1000) / b.batchDuration },
    { key: "scheduling", title: "Scheduling delay", unit: "ms", value: (b) => b.schedulingDelay },
    { key: "processing", title: "Processing time", unit: "ms", value: (b) => b.processingTime },
    { key: "total", title: "Total delay", unit: "ms", value: (b) => b.totalDelay },
  ];

  function chart(key, options, container) {
    if (!state.charts[key]) {
      const holder = el("div", { class: "chart", id: `chart-${key}` }, el("h3"));
      container.append(holder);
      state.charts[key] = new uPlot({ width: Math.max(240, holder.clientWidth || 300), height: 160, ...options }, options.empty, holder);
    }
    return state.charts[key];
  }

  function histogram(values) {
    if (values.length === 0) return [[], []];
    const low = Math.min(...values);
    const high = Math.max(...values);
    const bins = 10;
    const width = (high - low) / bins || 1;
    const counts = new Array(bins).fill(0);
    for (const value of values) counts[Math.min(bins - 1, Math.floor((value - low) / width))]++;
    return [counts.map((_, i) => low + (i + 0.5) * width), counts];
  }

  function drawCharts(completed, statistics) {
    const container = $("#charts");
    const ordered = [...completed].reverse(); // oldest first
    const times = ordered.map((b) => Date.parse(b.batchTime) / 1000);
    const averages = {
      input: statistics.avgInputRate, scheduling: statistics.avgSchedulingDelay,
      processing: statistics.avgProcessingTime, total: statistics.avgTotalDelay,
    };
    for (const { key, title, unit, value } of series) {
      const values = ordered.map(value);
      const line = chart(key, {
        empty: [[], []],
        series: [{ value: (u, seconds) => (seconds == null ? "–" : time(seconds * 1000)) }, { label: title, stroke: "#2b7bb9", width: 1.5, points: { show: true, size: 4 } }],
        axes: [{ space: 100, values: (u, splits, axis, space, increment) => splits.map((seconds) => (increment < 1 ? time(seconds * 1000) : clock(new Date(seconds * 1000)))) }, { label: unit }],
        legend: { show: false },
      }, container);
      line.setData([times, values]);
      line.root.parentElement.querySelector("h3").textContent = `${title} (avg ${unit === "ms" ? ms(averages[key]) : `${count(averages[key])} ${unit}`})`;
      const bars = chart(`${key}-histogram`, {
        empty: [[], []],
        scales: { x: { time: false } },
        series: [{}, { label: "batches", fill: "#7fb8e0", stroke: "#2b7bb9", paths: uPlot.paths.bars({ size: [0.9, 60] }) }],
        axes: [{ label: unit }, { label: "batches" }],
        legend: { show: false },
      }, container);
      bars.setData(histogram(values.filter((v) => v != null)));
      bars.root.parentElement.querySelector("h3").textContent = `${title}: histogram`;
    }
  }

  function drawDashboards(tables, charts) {
    if (tables.length === 0 && charts.length === 0) return;
    $("#dashboards").replaceChildren(el("div", { class: "dashboards" }, ...tables.map((table) => el("div", { class: "dashboard" },
      el("h3", {}, table.title, " ", el("span", { class: "muted" }, `batch ${time(table.batchTime)}`)),
      el("table", { "data-title": table.title }, el("tbody", {}, ...table.rows.map((row) => el("tr", {}, ...row.map((cell) => el("td", {}, cell))))))))));
  }

  const palette = ["#2b7bb9", "#d9534f", "#5cb85c", "#f0ad4e", "#8e44ad", "#16a085", "#7f8c8d", "#c0392b", "#2c3e50", "#e67e22"];

  /** The dashboard's charts (PlotOnDashboard): a line per series over the recent batches, drawn again when series appear. */
  function drawDashboardCharts(charts) {
    const container = $("#dashboard-charts");
    charts.forEach((shown, index) => {
      const key = `dashboard-${index}`;
      const existing = state.charts[key];
      if (existing && existing.series.length !== shown.series.length + 1) {
        existing.root.parentElement.remove();
        existing.destroy();
        delete state.charts[key];
      }

      const line = chart(key, {
        empty: [[], ...shown.series.map(() => [])],
        series: [{ value: (u, seconds) => (seconds == null ? "–" : time(seconds * 1000)) },
          ...shown.series.map((name, i) => ({ label: name, stroke: palette[i % palette.length], width: 1.5, points: { show: false } }))],
        axes: [{ space: 100, values: (u, splits, axis, space, increment) => splits.map((seconds) => (increment < 1 ? time(seconds * 1000) : clock(new Date(seconds * 1000)))) }, { label: shown.unit }],
        legend: { show: shown.series.length > 1 },
      }, container);
      line.setData([shown.batchTimes.map((t) => Date.parse(t) / 1000), ...shown.values]);
      const title = line.root.parentElement.querySelector("h3");
      title.textContent = shown.title;
      title.dataset.title = shown.title;
    });
  }

  /** Whether checkpoints are written, and what the inputs that read on the driver could not read. */
  function drawHealth(health) {
    const lines = [];
    const checkpoint = health.checkpoint;
    if (checkpoint && checkpoint.healthy) {
      lines.push(el("p", { id: "checkpoint-health" }, `Checkpoints: written for batch ${time(checkpoint.lastWrittenBatchTime)} (${bytes(checkpoint.lastWrittenBytes)}) to ${checkpoint.location}.`));
    } else if (checkpoint) {
      const last = checkpoint.lastWrittenBatchTime ? ` A restart resumes from batch ${time(checkpoint.lastWrittenBatchTime)}.` : " No checkpoint has been written yet.";
      lines.push(el("p", { id: "checkpoint-health", class: "failed" }, `Checkpoints FAILING (${checkpoint.consecutiveFailures} in a row, the last at ${time(checkpoint.lastFailureTime)}): ${checkpoint.lastFailure}${last}`));
    }

    for (const error of health.inputErrors) {
      lines.push(el("p", { class: "failed input-error" }, `Input ${error.streamName}, ${time(error.time)}: ${error.message}`));
    }

    $("#health").replaceChildren(...lines);
  }

  async function renderOverview() {
    const [statistics, batches, receivers, dashboards, dashboardCharts, health, executors] = await Promise.all([api("statistics"), api("batches"), api("receivers"), api("dashboards"), api("dashboards/charts"), api("health"), api("../executors")]);
    const completed = batches.filter((b) => b.status === "COMPLETED");
    const active = batches.filter((b) => b.status !== "COMPLETED");
    $("#summary").textContent = statistics.startTime
      ? `Batches of ${ms(statistics.batchDuration)} since ${dateTime(statistics.startTime)}: ${count(statistics.numTotalCompletedBatches)} completed, ${count(statistics.numProcessedRecords)} records processed, ${statistics.numActiveReceivers} of ${statistics.numReceivers} receivers active.`
      : "The streaming context has not started yet.";
    $("#retained").textContent = statistics.numRetainedCompletedBatches;
    drawHealth(health);
    drawDashboards(dashboards, dashboardCharts);
    drawDashboardCharts(dashboardCharts);
    drawCharts(completed, statistics);
    fillTable("#receivers", receivers.map((r) => [String(r.streamId), r.streamName, r.isActive ? "active" : "inactive", r.executorId, number(count(r.avgEventRate)), r.lastErrorMessage ? el("td", { class: "failed" }, `${time(r.lastErrorTime)}: ${r.lastErrorMessage}`) : "–"]));
    fillTable("#executors", executors.map((e) => [e.id, e.hostPort, e.isActive ? "active" : el("td", { class: "failed" }, `lost: ${e.removeReason}`), number(count(e.totalCores)), number(count(e.activeTasks)), number(count(e.completedTasks)), number(count(e.failedTasks)), number(bytes(e.totalShuffleRead)), number(bytes(e.totalShuffleWrite)), number(count(e.mapOutputs)), number(count(e.statePartitions)), number(count(e.receivers)), number(count(e.receivedBlocks)), number(count(e.cachedPartitions))]));
    fillTable("#active-batches", active.map((b) => [batchLink(b), b.status.toLowerCase(), number(count(b.inputSize)), number(ms(b.schedulingDelay)), `${b.numCompletedOutputOps + b.numFailedOutputOps} / ${b.numTotalOutputOps}`]));
    fillTable("#completed-batches", completed.slice(0, 100).map((b) => [batchLink(b), number(count(b.inputSize)), number(ms(b.schedulingDelay)), number(ms(b.processingTime)), number(ms(b.totalDelay)),
      b.numFailedOutputOps > 0 ? el("td", { class: "failed" }, `${b.numCompletedOutputOps} / ${b.numTotalOutputOps}: ${b.firstFailureReason}`) : `${b.numCompletedOutputOps} / ${b.numTotalOutputOps}`]));
  }

  async function renderBatch(id) {
    const [batch, operations] = await Promise.all([api(`batches/${id}`), api(`batches/${id}/operations`)]);
    $("#batch-title").textContent = `Batch ${time(batch.batchTime)} (${batch.status.toLowerCase()})`;
    const details = [["Batch time", `${dateTime(batch.batchTime)}.${String(new Date(batch.batchTime).getMilliseconds()).padStart(3, "0")}`], ["Records", count(batch.inputSize)], ["Scheduling delay", ms(batch.schedulingDelay)], ["Processing time", ms(batch.processingTime)], ["Total delay", ms(batch.totalDelay)]];
    for (const [stream, inputs] of Object.entries(batch.inputMetadata)) details.push([`Input of stream ${stream}`, inputs.join(", ")]);
    $("#batch-details").replaceChildren(...details.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
    fillTable("#operations", operations.map((op) => [String(op.outputOpId), op.name, op.description, number(ms(op.duration)),
      op.failureReason ? el("td", { class: "failed" }, op.failureReason) : op.endTime ? "succeeded" : op.startTime ? "running" : "queued",
      Object.entries(op.tasksByExecutor).map(([executor, tasks]) => `${executor}: ${tasks}`).join(", ") || "–"]));
  }

  async function render() {
    const batch = location.hash.match(/^#\/batch\/(\d+)$/);
    $("#overview").hidden = !!batch;
    $("#batch").hidden = !batch;
    try {
      await (batch ? renderBatch(batch[1]) : renderOverview());
      $("#status").textContent = `updated ${clock(new Date())}`;
    } catch (error) {
      $("#status").textContent = `not updated: ${error.message}`;
    }
  }

  async function start() {
    const apps = await (await fetch("/api/v1/applications")).json();
    state.app = apps[0].id;
    document.title = `${state.app} · Sluice`;
    $("#app-name").textContent = state.app;
    window.addEventListener("hashchange", render);
    await render();
    setInterval(render, 1000);
  }

  start();
})();
