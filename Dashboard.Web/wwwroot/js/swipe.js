// A horizontal swipe (touch or pen) or an arrow key on an element marked data-swipe follows its link marked
// data-swipe-next or data-swipe-previous: a step is an ordinary link, so Blazor navigates as for a tap.
const minDistance = 60;
let start = null;

function follow(area, next) {
    const link = area?.querySelector(next ? "[data-swipe-next]" : "[data-swipe-previous]");
    if (link) link.click();
    return !!link;
}

document.addEventListener("pointerdown", e => {
    const area = e.isPrimary && e.pointerType !== "mouse" ? e.target.closest("[data-swipe]") : null;
    start = area ? { x: e.clientX, y: e.clientY, area } : null;
});
document.addEventListener("pointercancel", () => { start = null; });
document.addEventListener("pointerup", e => {
    if (!start || !e.isPrimary) return;
    const dx = e.clientX - start.x, dy = e.clientY - start.y, area = start.area;
    start = null;
    // Mostly sideways and far enough: a vertical scroll or a tap is left alone.
    if (Math.abs(dx) >= minDistance && Math.abs(dx) > 2 * Math.abs(dy)) follow(area, dx < 0);
});

document.addEventListener("keydown", e => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    if (e.target instanceof Element && e.target.closest("input, textarea, select, [contenteditable]")) return;
    if (follow(document.querySelector("[data-swipe]"), e.key === "ArrowRight")) e.preventDefault();
});
