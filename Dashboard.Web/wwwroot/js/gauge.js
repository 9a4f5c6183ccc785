// One ApexCharts radial gauge per element: created once, updated in place, destroyed with its component.
// The value text is drawn by Blazor over the gauge, not by ApexCharts: in apexcharts 4.7 a radialBar with a
// dataLabels formatter stops updating, and the text must be in vi-VN format.
// Also in 4.7, updateOptions() ignores a new series for radialBar: the colour and the series go separately.
const gauges = new WeakMap();

function options(state) {
    return {
        chart: {
            type: "radialBar",
            height: 170,
            sparkline: { enabled: true },
            fontFamily: "inherit",
            animations: { enabled: true, speed: 300, dynamicAnimation: { enabled: true, speed: 300 } },
        },
        series: [state.percent],
        colors: [state.color],
        labels: [""],
        stroke: { lineCap: "round" },
        plotOptions: {
            radialBar: {
                startAngle: -120,
                endAngle: 120,
                hollow: { size: "60%" },
                track: { background: "#e3e7ed" },
                dataLabels: { show: false },
            },
        },
        tooltip: { enabled: false },
        states: { hover: { filter: { type: "none" } }, active: { filter: { type: "none" } } },
    };
}

export function create(element, state) {
    if (!element || gauges.has(element) || typeof ApexCharts === "undefined") return;
    const entry = { chart: new ApexCharts(element, options(state)), color: state.color };
    gauges.set(element, entry);
    entry.chart.render();
}

export async function update(element, state) {
    const entry = gauges.get(element);
    if (!entry) return create(element, state);
    if (entry.color !== state.color) {
        entry.color = state.color;
        await entry.chart.updateOptions({ colors: [state.color] }, false, false, false);
    }
    await entry.chart.updateSeries([state.percent], true);
}

export function dispose(element) {
    const entry = gauges.get(element);
    if (!entry) return;
    gauges.delete(element);
    entry.chart.destroy();
}
