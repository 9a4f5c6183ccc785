// Shows the localized reconnect dialog, and brings the page back to life without a tap, however long the server or the
// network was gone: when a tablet wakes, the network comes back or the page is restored, a lost connection is retried
// at once instead of after the backoff; meanwhile the server's readiness is asked with a backoff capped at 30 s, and
// once it answers Blazor tries at once; a page whose circuit the server no longer holds reloads itself. The wall
// screen (/wall) has no dialog: its connection indicator, dimmed figures and, after a while, a banner (showOutage).
const modal = document.getElementById("components-reconnect-modal");
const retryCap = Number(modal.dataset.retryCapMs) || 30000;
const indicator = () => document.getElementById("wall-connection");

// The last state Blazor reported; "hide" while connected.
let state = "hide";
// Wake-ups still owed to Blazor's own retry loop (it may be mid-attempt when we ask, and then back off again).
let nudges = 0;
let nudging = false;
let attempt = null;
let healthTimer = 0;
let healthDelay = 1000;

const visible = () => document.visibilityState === "visible";
const looping = () => state === "show" || state === "retrying";

modal.addEventListener("components-reconnect-state-changed", event => {
    state = event.detail.state;
    showConnection(state === "hide");
    if (state === "show") {
        if (!modal.open && !indicator()) modal.showModal();
        watchHealth();
    } else if (state === "hide") {
        nudges = 0;
        stopHealth();
        modal.close();
    } else if (state === "rejected") {
        reload();
    } else if (state === "retrying" && event.detail.secondsToNextAttempt > 0 && nudges > 0 && visible()) {
        // Blazor just started a backoff wait although we asked for an attempt now: cut it short.
        nudges--;
        setTimeout(nudgeBlazor, 0);
    } else if (state === "failed" || state === "resume-failed") {
        watchHealth();
        wake();
    }
});

function showConnection(online) {
    const element = indicator();
    if (!element) return;
    element.dataset.state = online ? "online" : "offline";
    element.textContent = online ? element.dataset.online : element.dataset.offline;
    showOutage(element, online);
}

// The wall during an outage, seen from across the room: its figures and clock dim at once (the class on <html>, which
// Blazor does not render), and after a while (Wall:OutageBannerDelay, 30 s) a large banner says the connection is lost
// and when the screen was last updated. All of it goes when the connection is back. Only this script can do it: the
// circuit, and so the server's rendering, is gone.
let outageTimer = 0;

function showOutage(element, online) {
    const root = document.documentElement;
    if (online) {
        clearTimeout(outageTimer);
        outageTimer = 0;
        root.classList.remove("wall-offline");
        document.getElementById("wall-outage")?.remove();
        return;
    }
    if (root.classList.contains("wall-offline")) return;
    root.classList.add("wall-offline");
    // The clock is the server's time as last rendered: the moment the screen was last live.
    const since = document.querySelector(".wall [data-role=clock]")?.textContent?.trim() ?? "";
    const delay = Number(element.dataset.outageDelayMs);
    outageTimer = setTimeout(() => showBanner(element, since), Number.isFinite(delay) && delay >= 0 ? delay : 30000);
}

function showBanner(element, since) {
    outageTimer = 0;
    if (!document.documentElement.classList.contains("wall-offline") || document.getElementById("wall-outage")) return;
    const banner = document.createElement("div");
    banner.id = "wall-outage";
    banner.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.className = "wall-outage-title";
    title.textContent = element.dataset.outage ?? "";
    const detail = document.createElement("p");
    detail.className = "wall-outage-since";
    detail.textContent = (element.dataset.outageSince ?? "{0}").replace("{0}", since);
    banner.append(title, detail);
    document.body.append(banner);
}

// Blazor's loop ends its backoff wait when the document turns visible; an ordinary event asks it to try now.
// Calling Blazor.reconnect() beside a running loop would open a second connection.
function nudgeBlazor() {
    if (!looping() || !visible()) return;
    nudging = true;
    try { document.dispatchEvent(new Event("visibilitychange")); } finally { nudging = false; }
}

function wake() {
    if (state === "hide" || state === "rejected" || !visible()) return;
    if (looping()) {
        nudges = 2;
        nudgeBlazor();
        return;
    }
    // Blazor's retries are over ("failed") or the circuit is paused: reconnect from here.
    attempt ??= reconnect().finally(() => { attempt = null; });
}

async function reconnect() {
    // A reload while the server is down would leave an error page with no script to bring it back.
    if (!await ready()) return watchHealth();
    try {
        if (state !== "paused" && await Blazor.reconnect()) return;   // back on the same circuit
        if (await Blazor.resumeCircuit()) return;                       // a new circuit from the saved state
        reload();                                                       // the server dropped it: start afresh
    } catch {
        watchHealth();
    }
}

async function ready() {
    try {
        return (await fetch("/health/ready", { cache: "no-store", credentials: "omit" })).ok;
    } catch {
        return false;
    }
}

// Until the connection is back: ask the server's readiness, 1 s after the loss, then twice as long each time, at most
// the cap (30 s); when it answers, wake Blazor (or reconnect ourselves once its own retries have given up).
function watchHealth() {
    if (healthTimer) return;
    healthDelay = 1000;
    healthTimer = setTimeout(checkHealth, healthDelay);
}

function stopHealth() {
    clearTimeout(healthTimer);
    healthTimer = 0;
}

async function checkHealth() {
    if (state === "hide" || state === "rejected") return stopHealth();
    if (visible() && await ready()) wake();
    else healthDelay = Math.min(healthDelay * 2, retryCap);
    if (state === "hide" || state === "rejected") return stopHealth();
    healthTimer = setTimeout(checkHealth, healthDelay);
}

// Reloads never loop: after three within a minute, the next one waits out the cap first.
function reload() {
    const now = Date.now();
    let recent = [];
    try { recent = JSON.parse(sessionStorage.getItem("dashboard-reloads") ?? "[]").filter(t => now - t < 60000); } catch { }
    const wait = recent.length >= 3 ? retryCap : 0;
    recent.push(now + wait);
    try { sessionStorage.setItem("dashboard-reloads", JSON.stringify(recent)); } catch { }
    setTimeout(() => location.reload(), wait);
}

// A circuit that failed (an error on the server) shows Blazor's error bar; a wall has nobody to click "reload".
const errorUi = document.getElementById("blazor-error-ui");
if (errorUi && indicator()) {
    new MutationObserver(() => {
        if (getComputedStyle(errorUi).display !== "none") setTimeout(async () => { if (await ready()) reload(); else watchHealth(); }, 10000);
    }).observe(errorUi, { attributes: true, attributeFilter: ["style"] });
}

document.addEventListener("visibilitychange", () => { if (!nudging) wake(); });
window.addEventListener("online", wake);
window.addEventListener("pageshow", event => {
    // Restored from the back/forward cache: Blazor told the server to drop the circuit when the page was hidden.
    if (event.persisted) location.reload();
    else wake();
});
document.getElementById("components-reconnect-button").addEventListener("click", () => location.reload());
