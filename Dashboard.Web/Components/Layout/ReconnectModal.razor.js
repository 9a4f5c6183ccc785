// Shows the localized reconnect dialog; when the server no longer knows this circuit, reloads the page.
const modal = document.getElementById("components-reconnect-modal");
modal.addEventListener("components-reconnect-state-changed", event => {
    const state = event.detail.state;
    if (state === "show") {
        modal.showModal();
    } else if (state === "hide") {
        modal.close();
    } else if (state === "rejected") {
        location.reload();
    }
});
document.getElementById("components-reconnect-button").addEventListener("click", () => location.reload());
