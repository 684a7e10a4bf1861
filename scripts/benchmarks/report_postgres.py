"""The PostgreSQL part of BENCHMARKS.md's measured section."""
PG_EXPORT_RATIO_TARGET, PG_EXPORT_MEMORY_TARGET_MIB = 0.5, 64
# One instance on PostgreSQL: at least this times the pgbench ceiling, at most this times SQLite's CPU a lead.
PG_CEILING_RATIO_TARGET, PG_CPU_TO_SQLITE_TARGET = 1.2, 2.0


def section(pg, sqlite_lead_cpu_us):
    """The lines of the PostgreSQL section, and its rows of the targets table; `sqlite_lead_cpu_us` is the service's CPU
    a single opt-in lead on SQLite in the same run."""
    ceiling = pg["ceiling"]["leads_per_second"]
    one, two, export = pg["one_instance"], pg["two_instances"], pg["export"]
    lines = ["", f"### PostgreSQL: leads at {pg['clients']} connections against the server's own ceiling, a throwaway server with fsync on", "",
             "| Writer | Leads/s | p50 | p99 | quizfunnel CPU a lead | PostgreSQL CPU a lead | Ratio to the ceiling | Answered 201 / stored |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             f"| `pgbench`, the same lead and mail inserts, one lead a transaction, {pg['clients']} clients (ceiling) | {ceiling:,.0f} | "
             f"{pg['ceiling']['latency_ms']:.2f} ms (mean) | | | {pg['ceiling']['postgres_cpu_us']:,.0f} µs | 1.00 | {pg['ceiling']['failed']} failed |"]
    for label, row in (("quizfunnel, one instance", one), ("quizfunnel, two instances on one database (32 connections each)", two)):
        lines.append(f"| {label} | {row['leads_per_second']:,.0f} | {row['p50_ms']:.2f} ms | {row['p99_ms']:.2f} ms | "
                     f"{row['server_cpu_us']:,.0f} µs | {row['postgres_cpu_us']:,.0f} µs | {row['leads_per_second'] / ceiling:.2f} | "
                     f"{row['answered']:,} / {row['stored']:,} |")
    savepoints = pg["savepoints"]
    lines += ["", f"The service's shared commits held {one['mean_batch']:.1f} writes on average. The same number of lead inserts a "
              f"transaction, by pgbench at {savepoints['clients']} clients: {savepoints['with']:,.0f} leads/s with a savepoint "
              f"around each insert (as the service writes an opt-in of a known address), {savepoints['without']:,.0f} without "
              f"({savepoints['with'] / savepoints['without']:.2f})."]
    psql, command = export["psql"], export["command"]
    export_ratio = psql["seconds"] / command["seconds"]
    export_memory = command["peak_rss_kib"] / 1024
    bound = 2e6 / (one["server_cpu_us"] + one["postgres_cpu_us"])
    lines += ["", "Everything runs on the same two cores: the service, PostgreSQL and wrk (or pgbench) share them. quizfunnel's CPU "
              "is its processes' own; PostgreSQL's is the server's (its backends, reaped and live), over the measured run. "
              f"Two cores spent on nothing but the service's and the server's CPU a lead would carry {bound:,.0f} leads/s on one "
              "instance, before wrk takes its share.", "",
              f"### PostgreSQL: export of {export['leads']:,} leads, the generic CSV, against `psql \\copy` of the same columns", "",
              "| Exporter | Seconds | Peak memory | Ratio |", "|---|---:|---:|---:|",
              f"| `psql \\copy (SELECT …) TO STDOUT CSV` | {psql['seconds']:.2f} | {psql['peak_rss_kib'] / 1024:.1f} MiB | 1.00 |",
              f"| `quizfunnel export --database postgres://…` | {command['seconds']:.2f} | {export_memory:.1f} MiB | {export_ratio:.2f} |"]
    cpu_ratio = one["server_cpu_us"] / sqlite_lead_cpu_us
    targets = [
        f"| PostgreSQL leads, one instance, at ≥ {PG_CEILING_RATIO_TARGET}× the pgbench ceiling | {one['leads_per_second'] / ceiling:.2f} | "
        f"{'met' if one['leads_per_second'] >= PG_CEILING_RATIO_TARGET * ceiling else '**not met**'} |",
        f"| PostgreSQL: the service's CPU a lead at ≤ {PG_CPU_TO_SQLITE_TARGET:.0f}× SQLite's ({one['server_cpu_us']:,.0f} µs against "
        f"{sqlite_lead_cpu_us:,.0f} µs) | {cpu_ratio:.2f} | {'met' if cpu_ratio <= PG_CPU_TO_SQLITE_TARGET else '**not met**'} |",
        f"| PostgreSQL leads, two instances, at ≥ the pgbench ceiling | {two['leads_per_second'] / ceiling:.2f} | "
        f"{'met' if two['leads_per_second'] >= ceiling else '**not met**'} |",
        f"| PostgreSQL export of {export['leads']:,} within 2× of `psql \\copy` | {export_ratio:.2f} | "
        f"{'met' if export_ratio >= PG_EXPORT_RATIO_TARGET else '**not met**'} |",
        f"| PostgreSQL export peak memory < {PG_EXPORT_MEMORY_TARGET_MIB} MiB | {export_memory:.1f} MiB | "
        f"{'met' if export_memory < PG_EXPORT_MEMORY_TARGET_MIB else '**not met**'} |",
    ]
    return lines, targets
