// Stands in for linkedom in the browser bundle, where plots draw into the page's document.
export function parseHTML() {
  throw new Error("coagent: no DOM available to draw the plot; pass options.document");
}
