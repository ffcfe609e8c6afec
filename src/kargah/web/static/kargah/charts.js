// Draws each chart of the page from #chart-specs (kargah.web.charts.chart_context, rendered by
// includes/charts.html) into its #chart-<name> box, and wires the box's save buttons.
// `ast: true` makes Vega evaluate its expressions with its interpreter instead of generating
// functions, so the Content-Security-Policy needs no 'unsafe-eval'; `defaultStyle: false` because
// the policy would refuse vega-embed's injected <style> (its action menu is off: our own buttons
// save the chart). `formatLocale` is the page's: Persian digits and separators on Persian pages.
const data = JSON.parse(document.getElementById("chart-specs").textContent);
const options = {actions: false, renderer: "svg", ast: true, defaultStyle: false};
if (data.formatLocale) options.formatLocale = data.formatLocale;

function save(view, name, format) {
  // PNG at twice the size, so the saved picture stays sharp in a report.
  view.toImageURL(format, format === "png" ? 2 : 1).then((url) => {
    const link = document.createElement("a");
    link.href = url;
    link.download = `${name}.${format}`;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
}

for (const [name, spec] of Object.entries(data.specs)) {
  vegaEmbed("#chart-" + name, spec, options).then((result) => {
    for (const button of document.querySelectorAll(`.chart-save[data-chart="${name}"]`)) {
      button.addEventListener("click", () => save(result.view, name, button.dataset.format));
    }
  });
}
