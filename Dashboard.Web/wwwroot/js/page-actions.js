// Buttons that need only the browser, not a live circuit: the print pages are static HTML. They are wired here, by
// one listener on the document, because the Content-Security-Policy (script-src without 'unsafe-inline') blocks
// inline handlers such as onclick="window.print()". Delegation also covers buttons that arrive after this file ran.
document.addEventListener("click", event => {
    if (event.target instanceof Element && event.target.closest("[data-action='print']")) {
        window.print();
    }
});
