"""The storage ceilings: the same lead inserts made with synchronous=FULL by the sqlite3 command line, one transaction
each and grouped into transactions of the size the service's own commits had, and by a loop over one prepared statement
(Python's sqlite3 module, on the same SQLite library), grouped the same way."""
import pathlib
import secrets
import sqlite3
import subprocess
import time

# The columns a lead insert fills; the rest keep their defaults, as in the service's own insert.
LEAD_COLUMNS = (
    "quizID, emailKey, email, segmentID, resultID, consentVersion, consentText, consentLocale, consentedAt, "
    "createdAt, updatedAt, status, consentTextSHA256, consentMethod, consentOrigin, emailHash, unsubscribeToken"
)

LEAD_INSERT = (
    f"INSERT INTO lead ({LEAD_COLUMNS}) "
    "VALUES ('golf-club', '{email}', '{email}', 'driver', '{result}', '1', 'Yes, send me tips.', 'en', "
    "strftime('%Y-%m-%d %H:%M:%f','now'), strftime('%Y-%m-%d %H:%M:%f','now'), strftime('%Y-%m-%d %H:%M:%f','now'), "
    "'subscribed', '{digest}', 'checkbox', 'http://127.0.0.1', lower(hex(randomblob(32))), lower(hex(randomblob(24))));\n"
)

PREPARED_INSERT = (
    f"INSERT INTO lead ({LEAD_COLUMNS}) "
    "VALUES ('golf-club', ?, ?, 'driver', ?, '1', 'Yes, send me tips.', 'en', ?, ?, ?, 'subscribed', ?, 'checkbox', "
    "'http://127.0.0.1', ?, ?)"
)


def measure(template_database, folder, inserts, batch):
    """Inserts a second a single process reaches on copies of the service's database (same schema and indexes): the
    sqlite3 command line with one transaction per insert and with `batch` inserts per transaction, and one prepared
    statement with `batch` per transaction (ten times as many inserts for the grouped runs, as they go faster)."""
    batch = max(1, round(batch))
    one = run_inserts(template_database, folder, "single", inserts, 1)
    grouped = run_inserts(template_database, folder, "grouped", inserts * 10, batch)
    prepared = run_prepared(template_database, folder, inserts * 10, batch)
    return {**one, "grouped": grouped, "prepared": prepared}


def copy_of(template_database, folder, name):
    """A copy through the online backup API, so that pages still in the template's WAL come along; and a result id."""
    database = pathlib.Path(folder) / f"sqlite3-{name}.sqlite"
    subprocess.run(["sqlite3", str(template_database), f".backup '{database}'"], check=True, capture_output=True)
    result = subprocess.run(
        ["sqlite3", str(database), "SELECT id FROM result LIMIT 1"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return database, result


def run_prepared(template_database, folder, inserts, batch):
    database, result = copy_of(template_database, folder, "prepared")
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    started = time.perf_counter()
    for number in range(inserts):
        if number % batch == 0:
            connection.execute("BEGIN IMMEDIATE")
        now = time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())
        email = f"prepared-{number}@bench.example"
        connection.execute(PREPARED_INSERT, (email, email, result, now, now, now, "0" * 64, secrets.token_hex(32), secrets.token_urlsafe(24)))
        if number % batch == batch - 1 or number == inserts - 1:
            connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return {"inserts": inserts, "batch": batch, "seconds": seconds, "inserts_per_second": inserts / seconds}


def run_inserts(template_database, folder, name, inserts, batch):
    database, result = copy_of(template_database, folder, name)
    script = pathlib.Path(folder) / f"inserts-{name}.sql"
    with open(script, "w") as sql:
        sql.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nPRAGMA foreign_keys=ON;\n")
        for number in range(inserts):
            if batch > 1 and number % batch == 0:
                sql.write("BEGIN;\n")
            sql.write(LEAD_INSERT.format(email=f"ceiling-{name}-{number}@bench.example", result=result, digest="0" * 64))
            if batch > 1 and (number % batch == batch - 1 or number == inserts - 1):
                sql.write("COMMIT;\n")
    started = time.perf_counter()
    with open(script) as sql:
        subprocess.run(["sqlite3", str(database)], stdin=sql, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    return {"inserts": inserts, "batch": batch, "seconds": seconds, "inserts_per_second": inserts / seconds}
