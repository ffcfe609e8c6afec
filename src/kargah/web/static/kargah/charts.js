// Draws each chart of the page from the specs in #chart-specs (see includes/charts.html).
// `ast: true` makes Vega evaluate its expressions with its interpreter instead of generating
// functions, so the Content-Security-Policy needs no 'unsafe-eval'; `defaultStyle: false` because
// the policy would refuse vega-embed's injected <style> (its action menu is off anyway).
for (const [name, spec] of Object.entries(JSON.parse(document.getElementById("chart-specs").textContent))) {
  vegaEmbed("#chart-" + name, JSON.parse(spec), {actions: false, renderer: "svg", ast: true, defaultStyle: false});
}
