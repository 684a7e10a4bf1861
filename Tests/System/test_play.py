"""A player on a phone plays the golf quiz with the keyboard only, then leaves an email with consent."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from player import DRIVER, PUTTER, answer_with_keyboard, confirm_from_held_mail, exported_rows, play, subscribe_with_keyboard, wait


def test_plays_in_english_with_the_keyboard_and_the_lead_reaches_the_export(browser, service):
    title = play(browser, service, "en", DRIVER)

    assert title.text == "The Driver"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.ID, "segment-image").get_attribute("naturalWidth") == "1200"
    assert browser.find_element(By.ID, "segment-cta").text == "Join the driver group"
    thanks = subscribe_with_keyboard(browser, "anna@example.com")
    assert thanks.text == "Thank you!"
    assert browser.find_element(By.ID, "thanks-text").text.startswith("We have sent you a mail: confirm your address there.")
    assert exported_rows(service, "") == [], "not exported before it is confirmed"
    confirm_from_held_mail(browser, service, "anna@example.com")
    rows = exported_rows(service, "?quiz=golf-club&segment=driver")
    assert [(row["email"], row["name"], row["segment"], row["consent_locale"]) for row in rows] == [("anna@example.com", "Anna", "driver", "en")]
    assert rows[0]["consent_text"].startswith("Yes, email me golf tips")


def test_plays_in_finnish_with_translated_interface(browser, service):
    browser.get(f"{service.base_url}/q/golf-club?lang=fi")
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start")))
    assert browser.find_element(By.ID, "start").text == "Aloita testi"

    title = play(browser, service, "fi", PUTTER)

    assert title.text == "Putteri"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
    assert browser.find_element(By.ID, "consent-text").text.startswith("Kyllä, lähettäkää minulle")
    subscribe_with_keyboard(browser, "pekka@example.fi")
    confirm_from_held_mail(browser, service, "pekka@example.fi")
    rows = exported_rows(service, "?segment=putter")
    assert [(row["email"], row["consent_locale"], row["consent_version"]) for row in rows] == [("pekka@example.fi", "fi", "2026-11-23")]


def test_progress_is_announced_in_heading_and_title(browser, service):
    browser.get(f"{service.base_url}/q/golf-club?lang=en")
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
    wait(browser).until(visible.visibility_of_element_located((By.ID, "question-text")))

    assert browser.find_element(By.ID, "progress-label").text == "Question 1 of at most 7"
    assert browser.title.startswith("Question 1 of at most 7")
    assert browser.find_element(By.CSS_SELECTOR, "fieldset legend").text == "Your ideal Saturday?"


def test_back_keeps_the_earlier_answer(browser, service):
    browser.get(f"{service.base_url}/q/golf-club?lang=en")
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
    wait(browser).until(visible.visibility_of_element_located((By.ID, "question-text")))
    answer_with_keyboard(browser, 2)
    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == "2")

    browser.find_element(By.ID, "back").send_keys(Keys.ENTER)

    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == "1")
    assert browser.find_element(By.ID, "answer-garage").is_selected()


def test_no_lead_without_ticking_consent(browser, service):
    play(browser, service, "en", DRIVER)
    browser.find_element(By.ID, "email").send_keys("nobox@example.com")

    browser.find_element(By.ID, "subscribe").click()

    error = wait(browser).until(visible.visibility_of_element_located((By.ID, "lead-error")))
    assert error.text == "Please tick the box to agree to emails."
    assert exported_rows(service, "") == []


def test_an_answer_is_required_to_go_on(browser, service):
    browser.get(f"{service.base_url}/q/golf-club?lang=en")
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
    wait(browser).until(visible.visibility_of_element_located((By.ID, "question-text")))

    browser.find_element(By.ID, "next").click()

    assert wait(browser).until(visible.visibility_of_element_located((By.ID, "question-error"))).text == "Choose an answer to continue."
    assert browser.find_element(By.ID, "progress-label").text == "Question 1 of at most 7"
