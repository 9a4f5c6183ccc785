// Starts Blazor with the reconnection settings the server wrote on the reconnect dialog (Layout/ReconnectModal.razor):
// Blazor's own unless configured (a test shortens them to outlast the stock retries in seconds, not minutes).
(() => {
    const settings = document.getElementById("components-reconnect-modal")?.dataset ?? {};
    const reconnectionOptions = {};
    if (settings.maxRetries) reconnectionOptions.maxRetries = Number(settings.maxRetries);
    if (settings.retryIntervalMs) reconnectionOptions.retryIntervalMilliseconds = Number(settings.retryIntervalMs);
    Blazor.start(Object.keys(reconnectionOptions).length > 0 ? { circuit: { reconnectionOptions } } : undefined);
})();
