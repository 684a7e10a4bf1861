// Small inline-SVG charts for the dashboard: horizontal bars and a line chart. Text is set with textContent only.

const SVG = "http://www.w3.org/2000/svg";

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Horizontal bars: rows of `{ label, value, note, secondary }`; `secondary` draws a second, thinner bar. */
export function barChart(rows, { title }) {
  // A narrow coordinate space keeps the text readable when a phone scales the chart down.
  const width = 420;
  const rowHeight = 34;
  const labelWidth = 110;
  const max = Math.max(1, ...rows.map((row) => Math.max(row.value, row.secondary ?? 0)));
  const svg = element("svg", { viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`, role: "img", "aria-label": title });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 4;
    const group = element("g", { "data-label": row.key ?? row.label });
    group.append(element("text", { x: 0, y: y + 17, class: "label" }, row.label));
    const barWidth = ((width - labelWidth - 110) * row.value) / max;
    group.append(element("rect", { x: labelWidth, y, width: Math.max(barWidth, 1), height: row.secondary === undefined ? 22 : 14, rx: 3, class: "bar" }));
    if (row.secondary !== undefined) {
      const secondaryWidth = ((width - labelWidth - 110) * row.secondary) / max;
      group.append(element("rect", { x: labelWidth, y: y + 16, width: Math.max(secondaryWidth, 1), height: 8, rx: 2, class: "bar-secondary" }));
    }
    const valueText = element("text", { x: labelWidth + barWidth + 8, y: y + 15, class: "value", "data-value": row.value }, String(row.value));
    if (row.note) valueText.append(element("tspan", { class: "muted", dx: 6 }, row.note));
    group.append(valueText);
    svg.append(group);
  });
  return svg;
}

/** Lines over days: `series` of `{ name, className, values }`, all as long as `days`. */
export function lineChart(days, series, { title }) {
  const width = 420;
  const height = 200;
  const left = 36;
  const bottom = 24;
  const max = Math.max(1, ...series.flatMap((line) => line.values));
  const x = (index) => left + ((width - left - 8) * index) / Math.max(days.length - 1, 1);
  const y = (value) => height - bottom - ((height - bottom - 10) * value) / max;
  const svg = element("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(element("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
  svg.append(element("text", { x: 0, y: 14, class: "muted" }, String(max)));
  svg.append(element("text", { x: 0, y: height - bottom, class: "muted" }, "0"));
  if (days.length) {
    svg.append(element("text", { x: left, y: height - 6, class: "muted" }, days[0]));
    svg.append(element("text", { x: width, y: height - 6, class: "muted", "text-anchor": "end" }, days[days.length - 1]));
  }
  for (const line of series) {
    const points = line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
    svg.append(element("polyline", { points, fill: "none", "stroke-width": 2.5, class: line.className, "data-series": line.name }));
  }
  return svg;
}
