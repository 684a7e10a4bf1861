"""`kill -HUP` reloads the quizzes while a player is in the middle of one: the play still ends in a stored result,
scored against the version the page showed; a quiz file that fails the checker keeps its running version."""
import csv
import io
import json
import shutil
import signal
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from conftest import ADMIN_TOKEN, ROOT, RunningService
from player import answer_with_keyboard, wait, write_answer_with_keyboard


def copy_of_the_quizzes(folder):
    quizzes = folder / "Quizzes"
    quizzes.mkdir()
    for name in ("golf-club.json", "social-seller.json"):
        shutil.copy(ROOT / "Quizzes" / name, quizzes / name)
    return quizzes


def version(service, quiz="golf-club"):
    with urllib.request.urlopen(f"{service.base_url}/api/quizzes/{quiz}", timeout=5) as response:
        return json.loads(response.read())["quizVersion"]


def hang_up_and_wait(service, log, count):
    """Sends SIGHUP and waits until the service has logged its `count`th reload."""
    service.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if log.read_text().count("Quizzes reloaded") + log.read_text().count("Quizzes not reloaded") >= count:
            return log.read_text()
        time.sleep(0.1)
    raise AssertionError("no reload was logged")


def test_a_reload_in_the_middle_of_a_play_still_ends_in_a_stored_result(tmp_path, browser):
    quizzes = copy_of_the_quizzes(tmp_path)
    service = RunningService(tmp_path, quizzes=quizzes)
    log = tmp_path / "serve.log"
    try:
        shown = version(service)
        browser.get(f"{service.base_url}/q/golf-club?lang=en")
        wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
        answer_with_keyboard(browser, 2)  # "garage", which the new version no longer has
        answer_with_keyboard(browser, 0)

        golf = json.loads((quizzes / "golf-club.json").read_text())
        golf["questions"][0]["answers"] = [a for a in golf["questions"][0]["answers"] if a["id"] != "garage"]
        golf["title"]["en"] = "Which golf club are you, really?"
        (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
        hang_up_and_wait(service, log, 1)
        assert version(service) != shown

        for number, position in ((3, 0), (4, 0), (5, 0), (6, 0)):
            wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(number))
            answer_with_keyboard(browser, position)
        wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == "7")
        write_answer_with_keyboard(browser, "")
        title = wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))
        assert title.text == "The Driver"

        request = urllib.request.Request(f"{service.base_url}/api/admin/answers.csv?quiz=golf-club", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            [row] = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
        assert (row["quiz_version"], row["saturday"], row["segment"]) == (shown, "garage", "driver")
    finally:
        service.stop()


def test_a_quiz_that_fails_the_checker_keeps_running_and_its_problems_are_logged(tmp_path):
    quizzes = copy_of_the_quizzes(tmp_path)
    service = RunningService(tmp_path, quizzes=quizzes)
    log = tmp_path / "serve.log"
    try:
        running = version(service, "social-seller")
        (quizzes / "social-seller.json").write_text('{"id": "social-seller", "locales": ["en"]')

        text = hang_up_and_wait(service, log, 1)

        assert f"{quizzes / 'social-seller.json'}: $: malformed JSON" in text
        assert version(service, "social-seller") == running
    finally:
        service.stop()
