"""A small SVG chart of throughput and latency, drawn by hand so the suite needs no plotting package."""
from html import escape


def bars(title, items, unit, x, y, width, height, colour):
    """One horizontal bar group: `items` is [(label, value)], scaled to the largest value."""
    largest = max(value for _, value in items) or 1
    row = height / len(items)
    parts = [f'<text x="{x}" y="{y - 8}" font-weight="bold">{escape(title)}</text>']
    for index, (label, value) in enumerate(items):
        top = y + index * row
        length = max(1.0, (width - 170) * value / largest)
        parts.append(f'<text x="{x}" y="{top + row * 0.62:.1f}">{escape(label)}</text>')
        parts.append(f'<rect x="{x + 110}" y="{top + row * 0.15:.1f}" width="{length:.1f}" height="{row * 0.7:.1f}" fill="{colour}"/>')
        parts.append(f'<text x="{x + 116 + length:.1f}" y="{top + row * 0.62:.1f}">{value:,.0f} {escape(unit)}</text>'
                     if value >= 10 else f'<text x="{x + 116 + length:.1f}" y="{top + row * 0.62:.1f}">{value:.2f} {escape(unit)}</text>')
    return parts


def render(http, storage):
    throughput = [
        ("GET /livez", http["livez"]["requests_per_second"]),
        ("POST results", http["results"]["requests_per_second"]),
        ("POST leads", http["leads"]["requests_per_second"]),
        ("leads, double", http["leads_double"]["requests_per_second"]),
        ("sqlite3 1/txn", storage["inserts_per_second"]),
        (f"sqlite3 {storage['grouped']['batch']}/txn", storage["grouped"]["inserts_per_second"]),
        (f"prepared {storage['prepared']['batch']}/txn", storage["prepared"]["inserts_per_second"]),
    ]
    p99 = [(label, http[key]["p99_ms"]) for label, key in (("GET /livez", "livez"), ("POST results", "results"), ("POST leads", "leads"), ("leads, double", "leads_double"))]
    p50 = [(label, http[key]["p50_ms"]) for label, key in (("GET /livez", "livez"), ("POST results", "results"), ("POST leads", "leads"), ("leads, double", "leads_double"))]
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="720" height="580" font-family="sans-serif" font-size="13">',
             '<rect width="100%" height="100%" fill="white"/>']
    parts += bars("Throughput (requests or inserts a second; 64 connections)", throughput, "/s", 20, 36, 680, 200, "#2b6cb0")
    parts += bars("Latency p50 (ms)", p50, "ms", 20, 290, 680, 120, "#68a063")
    parts += bars("Latency p99 (ms)", p99, "ms", 20, 440, 680, 120, "#c05621")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
