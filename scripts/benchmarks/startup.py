"""Start-up time and memory with many quizzes loaded, against the same binary starting with one."""
import json
import pathlib
import statistics

from .service import Service


def quiz_folder(folder, count):
    """`count` copies of the golf-club quiz under their own ids, as a marketer with many campaigns would have."""
    source = json.loads((pathlib.Path(__file__).resolve().parents[2] / "Quizzes/golf-club.json").read_text())
    target = pathlib.Path(folder) / f"quizzes-{count}"
    target.mkdir(exist_ok=True)
    for number in range(count):
        quiz = dict(source, id=f"golf-club-{number:03}" if number else "golf-club")
        (target / f"{quiz['id']}.json").write_text(json.dumps(quiz, ensure_ascii=False))
    return target


def measure_once(binary, folder, quizzes, run):
    database = pathlib.Path(folder) / f"startup-{quizzes.name}-{run}.sqlite"
    with Service(binary, folder, database=database, quizzes=quizzes, log_name="startup.log") as service:
        return service.startup_seconds, service.rss_kib()


def measure(binary, folder, count, runs):
    figures = {}
    for label, quizzes in (("one", quiz_folder(folder, 1)), ("many", quiz_folder(folder, count))):
        samples = [measure_once(binary, folder, quizzes, run) for run in range(runs)]
        figures[label] = {
            "quizzes": 1 if label == "one" else count,
            "seconds": statistics.median(seconds for seconds, _ in samples),
            "rss_kib": statistics.median(rss for _, rss in samples),
        }
    return figures
