"""Trust in a real browser: hostile quiz text stays text, the honeypot is invisible to people, and unsubscribing
takes one click on the link's page."""
import json
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as visible

from conftest import ROOT, RunningService
from player import DRIVER, confirm_from_held_mail, exported_rows, play, submit_and_wait_for_next_page, subscribe_with_keyboard, wait

HOSTILE_TITLE = 'Golf <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


def test_a_hostile_quiz_title_is_shown_as_text(tmp_path, browser):
    quizzes = tmp_path / "Quizzes"
    quizzes.mkdir()
    golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    golf["title"] = {locale: HOSTILE_TITLE for locale in golf["locales"]}
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    service = RunningService(tmp_path, quizzes=quizzes)
    try:
        for path in ["/", "/q/golf-club", "/r/golf-club/driver"]:
            browser.get(f"{service.base_url}{path}")
            wait(browser).until(lambda b: b.execute_script("return document.readyState") == "complete")
            assert browser.execute_script("return window.pwned") is None, path
            assert not browser.find_elements(By.CSS_SELECTOR, "img[src=x]"), path
            assert HOSTILE_TITLE in browser.find_element(By.TAG_NAME, "body").text + browser.title, path
    finally:
        service.stop()


def test_a_person_leaves_a_lead_and_a_form_filling_bot_is_dropped_quietly(tmp_path, browser):
    service = RunningService(tmp_path, minimum_fill_time=2)
    try:
        play(browser, service, "en", DRIVER)
        honeypot = browser.find_element(By.ID, "website")
        rect = honeypot.rect
        assert rect["x"] + rect["width"] <= 0, "the honeypot is off screen"
        assert honeypot.find_element(By.XPATH, "..").get_attribute("aria-hidden") == "true"
        assert honeypot.get_attribute("tabindex") == "-1"
        time.sleep(2.2)  # a person reads the result before typing
        subscribe_with_keyboard(browser, "person@example.com")

        play(browser, service, "en", DRIVER)
        browser.execute_script("document.getElementById('website').value = 'http://spam.example'")
        subscribe_with_keyboard(browser, "bot@example.com")  # the page thanks the bot like anyone else

        assert [row["email"] for row in exported_rows(service, "?status=all")] == ["person@example.com"]
    finally:
        service.stop()


def test_unsubscribing_takes_one_click_on_the_links_page(service, browser):
    play(browser, service, "fi", DRIVER)
    subscribe_with_keyboard(browser, "anna@example.fi")
    confirm_from_held_mail(browser, service, "anna@example.fi")
    person = service.admin("/api/admin/leads/anna@example.fi")
    link = person["leads"][0]["lead"]["unsubscribeUrl"]

    browser.get(link)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
    assert "a•••@example.fi" in browser.find_element(By.CLASS_NAME, "lede").text
    assert [row["email"] for row in exported_rows(service, "")] == ["anna@example.fi"], "opening the link changes nothing"
    heading = submit_and_wait_for_next_page(browser, browser.find_element(By.CSS_SELECTOR, "form button"))

    assert heading.text == "Tilauksesi on peruttu"
    assert exported_rows(service, "") == []
    assert [row["email"] for row in exported_rows(service, "?status=unsubscribed")] == ["anna@example.fi"]


def test_a_consent_text_changed_while_the_page_was_open_is_shown_and_asked_again(tmp_path, browser):
    quizzes = tmp_path / "Quizzes"
    quizzes.mkdir()
    golf = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    service = RunningService(tmp_path, quizzes=quizzes)
    port = service.port
    play(browser, service, "en", DRIVER)
    # The marketer publishes a new consent text and restarts the service while the player reads the result.
    service.stop()
    golf["consent"] = {"version": "2027-01-01", "text": {locale: "Yes, the new terms." for locale in golf["locales"]}}
    (quizzes / "golf-club.json").write_text(json.dumps(golf, ensure_ascii=False))
    service = RunningService(tmp_path, quizzes=quizzes, port=port)
    try:
        browser.find_element(By.ID, "email").send_keys("anna@example.com")
        browser.find_element(By.ID, "consent").click()
        browser.find_element(By.ID, "subscribe").click()

        wait(browser).until(visible.text_to_be_present_in_element((By.ID, "lead-error"), "consent text has just changed"))
        assert browser.find_element(By.ID, "consent-text").text == "Yes, the new terms."
        assert not browser.find_element(By.ID, "consent").is_selected()
        assert exported_rows(service, "?status=all") == []

        browser.find_element(By.ID, "consent").click()
        browser.find_element(By.ID, "subscribe").click()
        wait(browser).until(visible.visibility_of_element_located((By.ID, "thanks-title")))
        [row] = exported_rows(service, "?status=pending")
        assert (row["consent_version"], row["consent_text"]) == ("2027-01-01", "Yes, the new terms.")
    finally:
        service.stop()
