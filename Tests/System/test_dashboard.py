"""The marketer's dashboard shows the funnel of real plays, with the same numbers as the stats API."""
import json
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as visible

from conftest import ADMIN_TOKEN
from player import DRIVER, play, submit_and_wait_for_next_page, subscribe_with_keyboard, wait


def stats(service):
    request = urllib.request.Request(f"{service.base_url}/api/admin/quizzes/golf-club/stats", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def shown(browser, chart, label):
    return int(browser.find_element(By.CSS_SELECTOR, f"#{chart} [data-label='{label}'] [data-value]").get_attribute("data-value"))


def test_the_dashboard_renders_the_funnel_of_real_plays(browser, service):
    # One player plays in the browser and subscribes; the page reports its own view, start and answers.
    play(browser, service, "en", DRIVER)
    subscribe_with_keyboard(browser, "dashboard@example.com")
    # A second visitor only looks.
    browser.get(f"{service.base_url}/q/golf-club?utm_source=newsletter")
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start")))
    browser.get("about:blank")  # leaving the page sends its queued view

    browser.get(f"{service.base_url}/admin")
    wait(browser).until(visible.visibility_of_element_located((By.ID, "token"))).send_keys(ADMIN_TOKEN)
    browser.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
    wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "#funnel svg")))

    api = stats(service)["funnel"]
    assert (api["views"], api["starts"], api["completions"], api["leads"]) == (2, 1, 1, 1)
    assert [shown(browser, "funnel", metric) for metric in ["views", "starts", "completions", "leads"]] == [2, 1, 1, 1]
    assert shown(browser, "dropoff", "saturday") == 1 and shown(browser, "dropoff", "friends") == 1
    assert shown(browser, "segments", "driver") == 1
    assert "newsletter" in browser.find_element(By.ID, "sources").text
    assert not browser.find_element(By.ID, "sign-in").is_displayed()
    assert browser.execute_script("return sessionStorage.getItem('quizfunnel-admin-token')") == ADMIN_TOKEN
    assert ADMIN_TOKEN not in browser.current_url


def open_dashboard(browser, service):
    """Opens the dashboard, signing in unless this tab already holds the token."""
    browser.get(f"{service.base_url}/admin")
    if not browser.execute_script("return sessionStorage.getItem('quizfunnel-admin-token')"):
        wait(browser).until(visible.visibility_of_element_located((By.ID, "token"))).send_keys(ADMIN_TOKEN)
        browser.find_element(By.CSS_SELECTOR, "#sign-in button[type=submit]").click()
    wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "#mail tr")))


def read_held_mail(browser, kind):
    row = next(row for row in browser.find_elements(By.CSS_SELECTOR, "#mail tr") if row.text.startswith(kind))
    row.find_element(By.TAG_NAME, "button").click()
    return wait(browser).until(visible.visibility_of_element_located((By.ID, "held-mail")))


def test_without_a_mail_server_the_marketer_reads_and_follows_the_held_mails(browser, service):
    play(browser, service, "fi", DRIVER)
    subscribe_with_keyboard(browser, "marketer@example.fi")

    open_dashboard(browser, service)
    mail = read_held_mail(browser, "confirmation")
    assert "Vahvista osoitteesi" in mail.find_element(By.TAG_NAME, "h3").text
    confirm = mail.find_element(By.CSS_SELECTOR, ".mail-links a").get_attribute("href")
    assert confirm in mail.find_element(By.CLASS_NAME, "mail-text").text
    browser.save_screenshot("/tmp/quizfunnel-dashboard-mail.png")

    browser.get(confirm)
    button = wait(browser).until(visible.element_to_be_clickable((By.CSS_SELECTOR, "button[value=confirm]")))
    assert "Osoitteesi on vahvistettu" in submit_and_wait_for_next_page(browser, button).text

    open_dashboard(browser, service)
    wait(browser).until(lambda b: shown(b, "funnel", "confirmations") == 1)
    mail = read_held_mail(browser, "result")
    assert "Fairway X1" in mail.find_element(By.CLASS_NAME, "mail-text").text
    assert mail.find_element(By.CLASS_NAME, "mail-html").get_attribute("sandbox") == ""
    # Nothing of it is reachable without the token.
    for path in ["/api/admin/mail", "/api/admin/mail/1"]:
        try:
            urllib.request.urlopen(f"{service.base_url}{path}", timeout=5)
            raise AssertionError(f"{path} answered without the token")
        except urllib.error.HTTPError as error:
            assert error.code == 401


def test_the_answers_panels_and_the_expected_split_show_what_the_api_gives(browser, service):
    play(browser, service, "en", DRIVER, wish="Lighter <b>please</b>")

    open_dashboard(browser, service)
    wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "#answers table")))

    answers = service.admin("/api/admin/quizzes/golf-club/answers")
    saturday = next(question for question in answers["questions"] if question["id"] == "saturday")
    picked = browser.find_element(By.CSS_SELECTOR, "#answers table[data-question=saturday] tr[data-answer=big-start] td[data-segment=driver]")
    assert int(picked.text) == saturday["answers"][0]["segments"]["driver"] == 1
    written = browser.find_elements(By.CSS_SELECTOR, ".latest-answers[data-question=wish] ul[data-segment=driver] li span")
    assert [item.text for item in written] == ["Lighter <b>please</b>"], "shown as text"
    assert browser.find_elements(By.CSS_SELECTOR, ".latest-answers b") == [], "never as HTML"
    simulation = service.admin("/api/admin/quizzes/golf-club/simulation")
    driver = next(segment for segment in simulation["segments"] if segment["id"] == "driver")
    note = browser.find_element(By.CSS_SELECTOR, "#segments [data-label='driver'] tspan").text
    assert note == f"0 leads · {round(driver['share'] * 100)}% expected, 100% of real players"
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "answers"))
    browser.save_screenshot("/tmp/quizfunnel-dashboard-answers.png")
