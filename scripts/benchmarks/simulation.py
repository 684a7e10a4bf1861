"""The simulator on a quiz with exactly a million paths (six questions of ten answers), scored one by one: the time of
`quizfunnel check --simulate --json` against `quizfunnel check` on the same file, so that what the simulation itself
costs is told apart from starting the process and reading the quiz."""
import json
import pathlib
import random
import statistics
import subprocess
import time


def million_path_quiz(folder, answers_per_question):
    """Six questions of `answers_per_question` answers each (10: exactly 1,000,000 paths), eight segments, seeded points."""
    generator = random.Random(20261203)
    segments = [f"s{number}" for number in range(8)]
    questions = [
        {
            "id": f"q{question}",
            "text": f"Question {question}",
            "answers": [
                {"id": f"a{answer}", "text": f"Answer {answer}",
                 "scores": {segment: generator.randint(1, 5) for segment in generator.sample(segments, 2)}}
                for answer in range(answers_per_question)
            ],
        }
        for question in range(6)
    ]
    for index, segment in enumerate(segments):  # every segment scored at least once
        questions[index % 6]["answers"][index % answers_per_question]["scores"][segment] = 6
    quiz = {
        "id": "million", "locales": ["en"], "title": "A million paths",
        "segments": [{"id": segment, "title": segment} for segment in segments],
        "questions": questions,
        "consent": {"version": "1", "text": "Yes, email me."},
    }
    path = pathlib.Path(folder) / "simulation" / "million.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(quiz))
    return path


def timed(command):
    started = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - started, output


def measure(binary, folder, runs, answers_per_question=10):
    quiz = million_path_quiz(folder, answers_per_question)
    simulate = [timed([binary, "check", "--simulate", "--json", str(quiz)]) for _ in range(runs)]
    check = [timed([binary, "check", str(quiz)])[0] for _ in range(runs)]
    [report] = json.loads(simulate[0][1])["quizzes"]
    total = statistics.median(seconds for seconds, _ in simulate)
    load = statistics.median(check)
    return {"paths": report["paths"], "exhaustive": report["exhaustive"], "runs": runs,
            "seconds": total, "check_seconds": load, "simulation_seconds": max(total - load, 0.0)}
