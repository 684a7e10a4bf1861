"""A/B variants in Chromium: a play keeps the variant the page was given through reloads and up to the lead, a preview
is not counted, the lead form before the result can be skipped with the keyboard alone, and the dashboard's read-out
matches the posterior computed independently with SciPy."""
import contextlib
import json
import math
import pathlib
import shutil
import tempfile
import urllib.request

import pytest
from scipy import integrate
from scipy.stats import beta
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from conftest import ADMIN_TOKEN, ROOT, RunningService
from player import DRIVER, answer_with_keyboard, press, subscribe_with_keyboard, wait, write_answer_with_keyboard
from test_dashboard import open_dashboard

TITLES = {"a": "Which golf club are you?", "b": "Which club swings like you?", "c": "Your game, one club"}


@contextlib.contextmanager
def experiment(variants):
    """`quizfunnel serve` with the golf quiz running `variants`."""
    with tempfile.TemporaryDirectory(prefix="quizfunnel-variants-") as folder:
        quizzes = pathlib.Path(folder) / "Quizzes"
        quizzes.mkdir()
        quiz = json.loads((ROOT / "Quizzes" / "golf-club.json").read_text())
        quiz["variants"] = variants
        (quizzes / "golf-club.json").write_text(json.dumps(quiz))
        shutil.copy(ROOT / "Quizzes" / "quiz.schema.json", quizzes)
        running = RunningService(folder, quizzes=quizzes)
        try:
            yield running
        finally:
            running.stop()


def post(service, path, body):
    request = urllib.request.Request(f"{service.base_url}{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read() or b"{}")


def stats(service):
    return service.admin("/api/admin/quizzes/golf-club/stats")


def shown_variant(browser):
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start")))
    return browser.find_element(By.TAG_NAME, "body").get_attribute("data-variant")


def answer_every_question(browser):
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start"))).send_keys(Keys.ENTER)
    for index, position in enumerate(DRIVER):
        wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(index + 1))
        answer_with_keyboard(browser, position)
    wait(browser).until(lambda b: b.find_element(By.ID, "progress").get_attribute("value") == str(len(DRIVER) + 1))
    write_answer_with_keyboard(browser, "")


def test_a_play_keeps_its_variant_through_reloads_up_to_the_lead(browser):
    with experiment([{"id": "a", "weight": 1}, {"id": "b", "weight": 1, "title": TITLES["b"]}, {"id": "c", "weight": 1, "title": TITLES["c"]}]) as service:
        browser.get(f"{service.base_url}/q/golf-club?lang=en&utm_source=facebook&fbclid=IwAR0testclick")
        variant = shown_variant(browser)
        for _ in range(8):
            browser.refresh()
            assert shown_variant(browser) == variant, "a reload must keep the tab's variant"
            assert browser.find_element(By.ID, "quiz-title").text == TITLES[variant]
        answer_every_question(browser)
        wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))
        subscribe_with_keyboard(browser, "sticky@example.com")
        service.confirm("sticky@example.com")

        person = service.admin("/api/admin/leads/sticky@example.com")
        assert person["results"][0]["variant"] == variant
        assert person["results"][0]["clickIds"] == {"fbclid": "IwAR0testclick"}
        rows = {row["id"]: row for row in stats(service)["variants"]}
        assert rows[variant]["views"] == 9 and rows[variant]["completions"] == 1
        assert rows[variant]["leads"] == 1 and rows[variant]["confirmedLeads"] == 1
        assert sum(row["views"] for row in rows.values()) == 9, "only the kept variant is counted"


def test_the_form_before_the_result_can_be_skipped_with_the_keyboard_and_a_preview_is_not_counted(browser):
    with experiment([{"id": "a", "weight": 1}, {"id": "b", "weight": 1, "leadForm": "before-result", "leadTitle": "First, tips by email?"}]) as service:
        browser.get(f"{service.base_url}/q/golf-club?lang=en&variant=b")
        assert shown_variant(browser) == "b"
        answer_every_question(browser)

        # The form comes first, focused, with the result held back and a visible way past it.
        title = wait(browser).until(visible.visibility_of_element_located((By.ID, "lead-title")))
        assert title.text == "First, tips by email?"
        assert browser.switch_to.active_element.get_attribute("id") == "lead-title"
        assert not browser.find_element(By.ID, "segment-title").is_displayed()
        skip = browser.find_element(By.ID, "skip-lead")
        assert skip.is_displayed() and skip.text == "Skip and show my result"
        browser.save_screenshot(str(ROOT / ".build" / "variant-before-result.png"))
        for _ in range(8):
            if browser.switch_to.active_element.get_attribute("id") == "skip-lead":
                break
            press(browser, Keys.TAB)
        assert browser.switch_to.active_element.get_attribute("id") == "skip-lead", "the skip link is reached with Tab"
        press(browser, Keys.ENTER)
        wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))
        assert browser.switch_to.active_element.get_attribute("id") == "segment-title"
        assert not skip.is_displayed()

        # Played again, the form is sent first: the result follows with the thanks above it.
        browser.refresh()
        answer_every_question(browser)
        wait(browser).until(visible.visibility_of_element_located((By.ID, "lead-title")))
        browser.find_element(By.ID, "email").click()
        press(browser, "first@example.com", Keys.TAB, Keys.TAB, Keys.SPACE, Keys.TAB, Keys.ENTER)
        wait(browser).until(visible.visibility_of_element_located((By.ID, "segment-title")))
        assert "confirm your address" in browser.find_element(By.ID, "lead-done").text
        assert not browser.find_element(By.ID, "lead-form").is_displayed()

        rows = {row["id"]: row for row in stats(service)["variants"]}
        assert rows["b"]["views"] == 0 and rows["b"]["leads"] == 0, "a preview is not counted"
        assert stats(service)["funnel"]["leads"] == 1
        assert service.admin("/api/admin/leads/first@example.com")["results"][0].get("variant") is None


def probability_best(successes, trials):
    """P(variant i has the highest rate), Beta(1 + s, 1 + n - s) posteriors, by SciPy's adaptive quadrature."""
    posteriors = [beta(1 + s, 1 + n - s) for s, n in zip(successes, trials)]
    result = []
    for i, own in enumerate(posteriors):
        others = [p for j, p in enumerate(posteriors) if j != i]
        value, _ = integrate.quad(lambda x: own.pdf(x) * math.prod(p.cdf(x) for p in others), 0, 1,
                                  points=[p.mean() for p in posteriors], limit=500, epsabs=1e-10)
        result.append(value)
    return result


def test_the_read_out_matches_scipy_and_the_dashboard_names_the_leader(browser):
    variants = [{"id": "a", "weight": 1}, {"id": "b", "weight": 1, "title": TITLES["b"]}, {"id": "c", "weight": 1, "title": TITLES["c"]}]
    with experiment(variants) as service:
        views, leads, confirmed = {"a": 120, "b": 150, "c": 130}, {"a": 3, "b": 9, "c": 5}, {"a": 2, "b": 7, "c": 2}
        for variant, count in views.items():
            for start in range(0, count, 50):
                post(service, "/api/quizzes/golf-club/events", {"variant": variant, "events": [{"type": "view"}] * min(50, count - start)})
        answers = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}
        for variant, count in leads.items():
            for index in range(count):
                result = post(service, "/api/quizzes/golf-club/results", {"answers": answers, "variant": variant})
                email = f"{variant}{index}@example.com"
                post(service, "/api/quizzes/golf-club/leads", {"resultId": result["resultId"], "email": email, "consent": True, "variant": variant})
                if index < confirmed[variant]:
                    service.confirm(email)

        rows = stats(service)["variants"]
        ids = [row["id"] for row in rows]
        assert [row["views"] for row in rows] == [views[i] for i in ids]
        expected_lead = probability_best([leads[i] for i in ids], [views[i] for i in ids])
        expected_confirmed = probability_best([confirmed[i] for i in ids], [views[i] for i in ids])
        for row, lead, confirmed_lead in zip(rows, expected_lead, expected_confirmed):
            assert abs(row["probabilityBest"]["lead"] - lead) < 0.002, (row, lead)
            assert abs(row["probabilityBest"]["confirmedLead"] - confirmed_lead) < 0.002, (row, confirmed_lead)

        open_dashboard(browser, service)
        verdict = wait(browser).until(visible.visibility_of_element_located((By.ID, "variants-verdict"))).text
        leader = max(zip(ids, expected_confirmed), key=lambda pair: pair[1])
        assert verdict.startswith(f"Variant {leader[0]} leads for confirmed leads: {round(leader[1] * 100)}% likely to be best")
        table = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in browser.find_elements(By.CSS_SELECTOR, "#variants tr")[1:]]
        assert [cells[0] for cells in table] == ids
        assert [cells[2] for cells in table] == [str(views[i]) for i in ids]
        browser.save_screenshot(str(ROOT / ".build" / "variant-dashboard.png"))
