"""The shipped golf quiz on a phone, keyboard only: picture answers in a two-column grid, a branch followed and
retraced with the back button, a free answer, and the products of the result, whose click is counted."""
import csv
import io
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from conftest import ADMIN_TOKEN, ROOT, RunningService
from player import answer_with_keyboard, exported_rows, press, subscribe_with_keyboard, wait, write_answer_with_keyboard


def single_opt_in_golf_quiz(folder):
    """The shipped golf quiz, single opt-in, so that a lead is exported at once."""
    quizzes = folder / "Quizzes"
    quizzes.mkdir()
    golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    golf["optIn"] = "single"
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    return quizzes


def progress(browser):
    return browser.find_element(By.ID, "progress-label").text


def shown_question(browser, number):
    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(number))
    return browser.find_element(By.CSS_SELECTOR, "fieldset legend").text


def change_answer_with_keyboard(browser, key, steps):
    """Back on a question already answered: Tab lands on the chosen answer; move `steps` answers with `key`, go on."""
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.is_selected(), "the earlier answer is still chosen"
    for _ in range(steps):
        press(browser, key)
    press(browser, Keys.ENTER)


def answers_csv(service):
    request = urllib.request.Request(f"{service.base_url}/api/admin/answers.csv?quiz=golf-club", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))


def test_pictures_a_branch_a_free_answer_and_products_played_with_the_keyboard(tmp_path, browser):
    service = RunningService(tmp_path, quizzes=single_opt_in_golf_quiz(tmp_path))
    try:
        browser.get(f"{service.base_url}/q/golf-club?lang=en")
        wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
        assert shown_question(browser, 1) == "Your ideal Saturday?"
        assert progress(browser) == "Question 1 of at most 7"

        # The picture question: a grid of two columns on a phone, each picture sized before it loads, lazily.
        columns = browser.execute_script("return getComputedStyle(document.getElementById('answers')).gridTemplateColumns")
        assert len(columns.split()) == 2, columns
        pictures = browser.find_elements(By.CSS_SELECTOR, "#answers .answer img")
        assert [(p.get_dom_attribute("width"), p.get_dom_attribute("height"), p.get_dom_attribute("loading")) for p in pictures] == [("320", "320", "lazy")] * 4
        assert pictures[0].get_attribute("alt") == "A sunrise over a mountain ridge"
        assert len(browser.find_elements(By.CSS_SELECTOR, "#answers input[type=radio]")) == 4
        wait(browser).until(lambda b: b.execute_script("return [...document.images].filter(i => i.closest('#answers')).slice(0, 2).every(i => i.complete && i.naturalWidth > 0)"))
        browser.save_screenshot("/tmp/quizfunnel-picture-question.png")

        answer_with_keyboard(browser, 2)  # "Fixing something fiddly in the garage"
        assert shown_question(browser, 2) == "At a party, you are the one who…"
        answer_with_keyboard(browser, 0)
        assert shown_question(browser, 3) == "A problem lands on your desk. You…"
        answer_with_keyboard(browser, 2)  # "find a clever way around it": the branch past the holiday
        assert shown_question(browser, 4) == "Your motto?"
        assert progress(browser) == "Question 4 of at most 6"

        browser.find_element(By.ID, "back").send_keys(Keys.ENTER)
        assert shown_question(browser, 3) == "A problem lands on your desk. You…"
        change_answer_with_keyboard(browser, Keys.ARROW_UP, 2)  # "go straight at it": every question, in order
        assert shown_question(browser, 4) == "Pick a holiday"
        assert progress(browser) == "Question 4 of at most 7"

        browser.find_element(By.ID, "back").send_keys(Keys.ENTER)
        assert shown_question(browser, 3) == "A problem lands on your desk. You…"
        change_answer_with_keyboard(browser, Keys.ARROW_DOWN, 2)  # the branch again: the holiday is left behind
        for number in (4, 5):
            shown_question(browser, number)
            answer_with_keyboard(browser, 0)
        assert shown_question(browser, 6) == "What would make your next driver perfect?"
        write_answer_with_keyboard(browser, "Lighter, please")
        title = wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))
        assert title.text == "The Driver"

        products = browser.find_elements(By.CSS_SELECTOR, "#segment-products a")
        assert [p.find_element(By.CLASS_NAME, "product-title").text for p in products] == [
            "Fairway Launch X driver", "Long-distance balls, 12 pack", "Driver fitting session"]
        assert products[0].find_element(By.CLASS_NAME, "product-price").text == "€ 449"
        browser.execute_script("arguments[0].scrollIntoView()", products[0])
        browser.save_screenshot("/tmp/quizfunnel-products.png")
        products[1].send_keys(Keys.ENTER)  # opens the shop in a new tab
        browser.switch_to.window(browser.window_handles[0])

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            clicked = [entry for entry in service.admin("/api/admin/quizzes/golf-club/stats")["products"] if entry["clicks"]]
            if clicked:
                break
            time.sleep(0.3)
        assert clicked == [{"segment": "driver", "index": 1, "title": "Long-distance balls, 12 pack", "clicks": 1}]

        subscribe_with_keyboard(browser, "brancher@example.com")
        [row] = exported_rows(service, "")
        assert (row["email"], row["segment"]) == ("brancher@example.com", "driver")
        [answers] = answers_csv(service)
        assert (answers["saturday"], answers["problem"], answers["holiday"], answers["wish"]) == ("garage", "workaround", "", "Lighter, please")
    finally:
        service.stop()
