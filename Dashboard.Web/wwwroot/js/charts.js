// The one wrapper around ApexCharts (the UMD bundle, window.ApexCharts). One chart per element: created once,
// changed in place, destroyed with its Razor component (ApexChart), so long runs on the wall don't leak charts.
// Options are plain JSON built in C#, sent as a string: no function can cross interop, so every text is formatted
// there (and a string costs each circuit no serialiser metadata of its own, see ChartDrawing.cs).
//
// apexcharts 4.7 workarounds:
// - a radialBar with a dataLabels formatter stops updating: gauges draw their value text in Blazor instead;
// - updateOptions() ignores a new series for radialBar: options (colours included) go through updateOptions
//   and values always through updateSeries, never together.
const charts = new WeakMap();

// Each step waits for the one before, so a value that arrives while the chart is still rendering or animating
// is applied after it rather than into it. A failed step still lets the next one run.
function enqueue(entry, step) {
    const done = entry.queue.then(step);
    entry.queue = done.catch(() => { });
    return done;
}

// A point sent as { x, y, label } shows the text C# wrote for it (vi-VN) in the tooltip, not JS's "98.5".
function withPointLabels(options) {
    if (options.tooltip?.enabled === false) return options;
    const tooltip = options.tooltip ?? {};
    const y = tooltip.y ?? {};
    const formatter = (value, { seriesIndex, dataPointIndex, w }) =>
        w.config.series[seriesIndex]?.data?.[dataPointIndex]?.label ?? value;
    return { ...options, tooltip: { ...tooltip, y: { ...y, formatter } } };
}

// yaxis.labels.names ["", "Yếu", …, "Xuất sắc"] writes a name for each whole value: a ranking's trend reads in bands.
function withAxisNames(options) {
    const names = options.yaxis?.labels?.names;
    if (!Array.isArray(names)) return options;
    const { names: _, ...labels } = options.yaxis.labels;
    const formatter = (value) => names[Math.round(value)] ?? "";
    return { ...options, yaxis: { ...options.yaxis, labels: { ...labels, formatter } } };
}

export function initialize(element, json) {
    if (!element || charts.has(element) || typeof ApexCharts === "undefined") return;
    const options = JSON.parse(json);
    const chart = new ApexCharts(element, withAxisNames(withPointLabels(options)));
    const entry = { chart, queue: Promise.resolve() };
    charts.set(element, entry);
    return enqueue(entry, () => chart.render());
}

// change: { options?, series? } as JSON. Options are merged into the chart's (arrays such as annotations are replaced);
// they are not animated: the values that follow are.
export function update(element, json) {
    const entry = charts.get(element);
    if (!entry) return;
    const change = JSON.parse(json);
    return enqueue(entry, async () => {
        if (change.options) await entry.chart.updateOptions(withAxisNames(change.options), false, false, false);
        if (change.series) await entry.chart.updateSeries(change.series, true);
    });
}

export function dispose(element) {
    const entry = charts.get(element);
    if (!entry) return;
    charts.delete(element);
    return enqueue(entry, () => entry.chart.destroy());
}
