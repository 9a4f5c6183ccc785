// One ApexCharts radial gauge per element: created once, updated in place, destroyed with its component.
const gauges = new WeakMap();

function options(entry) {
    const s = entry.state;
    return {
        chart: {
            type: "radialBar",
            height: 170,
            sparkline: { enabled: true },
            fontFamily: "inherit",
            animations: { enabled: true, speed: 300, dynamicAnimation: { enabled: true, speed: 300 } },
        },
        series: [s.percent],
        colors: [s.color],
        labels: [""],
        stroke: { lineCap: "round" },
        plotOptions: {
            radialBar: {
                startAngle: -120,
                endAngle: 120,
                hollow: { size: "58%" },
                track: { background: "#e3e7ed" },
                dataLabels: {
                    name: { show: false },
                    value: {
                        show: true,
                        offsetY: 8,
                        fontSize: "1.35rem",
                        fontWeight: 700,
                        color: "#1b2430",
                        // Reads the entry, not a captured value, so an update changes the text without a new chart.
                        formatter: () => entry.state.label,
                    },
                },
            },
        },
        tooltip: { enabled: false },
        states: { hover: { filter: { type: "none" } }, active: { filter: { type: "none" } } },
    };
}

export function create(element, state) {
    if (!element || gauges.has(element) || typeof ApexCharts === "undefined") return;
    const entry = { state, chart: null };
    entry.chart = new ApexCharts(element, options(entry));
    gauges.set(element, entry);
    entry.chart.render();
}

export function update(element, state) {
    const entry = gauges.get(element);
    if (!entry) return create(element, state);
    entry.state = state;
    entry.chart.updateOptions({ series: [state.percent], colors: [state.color] }, false, true, false);
}

export function dispose(element) {
    const entry = gauges.get(element);
    if (!entry) return;
    gauges.delete(element);
    entry.chart.destroy();
}
