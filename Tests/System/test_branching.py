"""A quiz that branches, played keyboard-only on a phone: the progress counts the player's own path, the back button
retraces it, and only the questions on the path are sent and scored."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from conftest import ROOT, RunningService
from player import answer_with_keyboard, exported_rows, press, subscribe_with_keyboard, wait


def branching_golf_quiz(folder):
    """The golf quiz, single opt-in, where "An early start and something big" skips the party and problem questions."""
    quizzes = folder / "Quizzes"
    quizzes.mkdir()
    golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    golf["optIn"] = "single"
    golf["questions"][0]["answers"][0]["next"] = "holiday"
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    return quizzes


def progress(browser):
    return browser.find_element(By.ID, "progress-label").text


def shown_question(browser, number):
    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(number))
    return browser.find_element(By.CSS_SELECTOR, "fieldset legend").text


def change_answer_with_keyboard(browser, steps_up):
    """Back on a question already answered: Tab lands on the chosen answer; arrow up `steps_up` answers and go on."""
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.is_selected(), "the earlier answer is still chosen"
    for _ in range(steps_up):
        press(browser, Keys.ARROW_UP)
    press(browser, Keys.ENTER)


def test_a_branch_is_followed_retraced_and_scored_on_its_path(tmp_path, browser):
    service = RunningService(tmp_path, quizzes=branching_golf_quiz(tmp_path))
    try:
        browser.get(f"{service.base_url}/q/golf-club?lang=en")
        wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
        assert shown_question(browser, 1) == "Your ideal Saturday?"
        assert progress(browser) == "Question 1 of at most 6"

        answer_with_keyboard(browser, 0)  # the branch: straight on to the holiday
        assert shown_question(browser, 2) == "Pick a holiday"
        assert progress(browser) == "Question 2 of at most 4"

        browser.find_element(By.ID, "back").send_keys(Keys.ENTER)
        assert shown_question(browser, 1) == "Your ideal Saturday?"
        press(browser, Keys.TAB)
        for _ in range(3):
            press(browser, Keys.ARROW_DOWN)
        press(browser, Keys.ENTER)  # "Coffee, a book and no hurry": every question, in order
        assert shown_question(browser, 2) == "At a party, you are the one who…"
        assert progress(browser) == "Question 2 of at most 6"

        browser.find_element(By.ID, "back").send_keys(Keys.ENTER)
        assert shown_question(browser, 1) == "Your ideal Saturday?"
        change_answer_with_keyboard(browser, 3)  # the branch again: the party answer left behind is not sent
        for number in (2, 3, 4):
            shown_question(browser, number)
            answer_with_keyboard(browser, 0)
        title = wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))

        assert title.text == "The Driver"
        subscribe_with_keyboard(browser, "brancher@example.com")
        [row] = exported_rows(service, "")
        assert (row["email"], row["segment"]) == ("brancher@example.com", "driver")
    finally:
        service.stop()
