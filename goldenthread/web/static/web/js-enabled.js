// Tells GOV.UK Frontend's styles that JavaScript runs, before the page is drawn, as its
// template's inline line does. A file, so the Content Security Policy can refuse inline scripts.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
