// Shows the localized reconnect dialog, and brings the page back to life without a tap: when a tablet wakes, the
// network comes back or the page is restored, a lost connection is retried at once instead of after the backoff,
// and a page whose circuit the server no longer holds reloads itself.
const modal = document.getElementById("components-reconnect-modal");

// The last state Blazor reported; "hide" while connected.
let state = "hide";
// Wake-ups still owed to Blazor's own retry loop (it may be mid-attempt when we ask, and then back off again).
let nudges = 0;
let nudging = false;
let attempt = null;
let retryTimer = 0;

const visible = () => document.visibilityState === "visible";
const looping = () => state === "show" || state === "retrying";

modal.addEventListener("components-reconnect-state-changed", event => {
    state = event.detail.state;
    if (state === "show") {
        if (!modal.open) modal.showModal();
    } else if (state === "hide") {
        nudges = 0;
        clearTimeout(retryTimer);
        modal.close();
    } else if (state === "rejected") {
        location.reload();
    } else if (state === "retrying" && event.detail.secondsToNextAttempt > 0 && nudges > 0 && visible()) {
        // Blazor just started a backoff wait although we asked for an attempt now: cut it short.
        nudges--;
        setTimeout(nudgeBlazor, 0);
    } else if (state === "failed" || state === "resume-failed") {
        wake();
    }
});

// Blazor's loop ends its backoff wait when the document turns visible; an ordinary event asks it to try now.
// Calling Blazor.reconnect() beside a running loop would open a second connection.
function nudgeBlazor() {
    if (!looping() || !visible()) return;
    nudging = true;
    try { document.dispatchEvent(new Event("visibilitychange")); } finally { nudging = false; }
}

function wake() {
    clearTimeout(retryTimer);
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
    try {
        if (state !== "paused" && await Blazor.reconnect()) return;   // back on the same circuit
        if (await Blazor.resumeCircuit()) return;                       // a new circuit from the saved state
        location.reload();                                              // the server dropped it: start afresh
    } catch {
        // The server cannot be reached yet: try again shortly while the page is in view (and at the next wake-up).
        retryTimer = setTimeout(wake, 5000);
    }
}

document.addEventListener("visibilitychange", () => { if (!nudging) wake(); });
window.addEventListener("online", wake);
window.addEventListener("pageshow", event => {
    // Restored from the back/forward cache: Blazor told the server to drop the circuit when the page was hidden.
    if (event.persisted) location.reload();
    else wake();
});
document.getElementById("components-reconnect-button").addEventListener("click", () => location.reload());
