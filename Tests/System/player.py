"""What a player does on the play page, with the keyboard only, for the browser tests."""
import csv
import io

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible
from selenium.webdriver.support.ui import WebDriverWait

# The position of the answer, in each question's order, that makes a driver and a putter.
DRIVER = [0, 0, 0, 0, 0, 0]
PUTTER = [3, 3, 3, 3, 3, 3]


def wait(browser, seconds=10):
    return WebDriverWait(browser, seconds)


def press(browser, *keys):
    browser.switch_to.active_element.send_keys(*keys)


def answer_with_keyboard(browser, position):
    """From the focused question, Tab into the answers, arrow down to `position`, and press Enter to go on."""
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("type") == "radio"
    if position == 0:
        press(browser, Keys.SPACE)
    for _ in range(position):
        press(browser, Keys.ARROW_DOWN)
    press(browser, Keys.ENTER)


def write_answer_with_keyboard(browser, text):
    """From the focused text question, Tab into the answer box, type `text` (perhaps nothing), and go on with Next."""
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "text-answer"
    if text:
        press(browser, text)
    press(browser, Keys.TAB)  # Back
    press(browser, Keys.TAB)  # Next
    assert browser.switch_to.active_element.get_attribute("id") == "next"
    press(browser, Keys.ENTER)


def play_loaded_page(browser, positions, wish=""):
    """Starts the quiz on the current page (or frame), answers every choice question at `positions` and the closing
    free question with `wish` (left empty by default); returns the result's title element."""
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
    for index, position in enumerate(positions):
        wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(index + 1))
        assert browser.switch_to.active_element.get_attribute("id") == "question-text"
        answer_with_keyboard(browser, position)
    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(len(positions) + 1))
    write_answer_with_keyboard(browser, wish)
    return wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))


def play(browser, service, lang, positions, wish=""):
    browser.get(f"{service.base_url}/q/golf-club?lang={lang}")
    return play_loaded_page(browser, positions, wish)


def subscribe_with_keyboard(browser, email):
    browser.find_element(By.ID, "email").click()
    press(browser, email)
    press(browser, Keys.TAB, "Anna")
    press(browser, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "consent"
    assert not browser.switch_to.active_element.is_selected(), "the consent box must start unticked"
    press(browser, Keys.SPACE, Keys.TAB, Keys.ENTER)
    return wait(browser).until(visible.visibility_of_element_located((By.ID, "thanks-title")))


def exported_rows(service, query):
    return list(csv.DictReader(io.StringIO(service.export_csv(query))))


def is_gone(element):
    """True once `element`'s document is gone: stale, or a node Chromium is discarding."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


def submit_and_wait_for_next_page(browser, button):
    """Presses a form's button and returns the next page's heading once the old page is gone.

    Looking up the heading before the old document is torn down can hit a node Chromium is discarding, which
    WebDriver reports as an "unhandled inspector error" rather than a stale element; waiting for the button to be gone
    first avoids that. Asking about the button while it is being discarded can raise that same error: it counts as gone.
    """
    button.click()
    wait(browser).until(lambda _: is_gone(button))
    return wait(browser).until(visible.visibility_of_element_located((By.TAG_NAME, "h1")))


def confirm_from_held_mail(browser, service, email):
    """Opens the link of the confirmation mail the service holds for `email` and presses Confirm, as its owner would."""
    browser.get(service.held_confirmation_link(email))
    button = wait(browser).until(visible.element_to_be_clickable((By.CSS_SELECTOR, "button[value=confirm]")))
    submit_and_wait_for_next_page(browser, button)
    assert browser.find_elements(By.CSS_SELECTOR, "button[value=confirm]") == [], "the confirmed page offers no Confirm button"
