"""The marketer's cost, revenue and people panels in Chromium show the API's figures, and a link made with the
dashboard's link builder, opened and played, credits its person."""
import datetime
import json
import pathlib
import shutil
import tempfile
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as visible
from selenium.webdriver.support.ui import Select

from conftest import ADMIN_TOKEN, ROOT, RunningService
from player import DRIVER, confirm_from_held_mail, play_loaded_page, subscribe_with_keyboard, wait
from test_dashboard import open_dashboard


@pytest.fixture
def named_service():
    """The golf quiz, with Krysia (of the warehouse team) and Tomek named in Refs.json."""
    with tempfile.TemporaryDirectory(prefix="quizfunnel-earnings-") as folder:
        quizzes = pathlib.Path(folder) / "Quizzes"
        quizzes.mkdir()
        shutil.copy(ROOT / "Quizzes" / "golf-club.json", quizzes)
        (quizzes / "Refs.json").write_text(json.dumps({"krysia": {"name": "Krysia", "team": "Warehouse"}, "tomek": {"name": "Tomek"}}))
        running = RunningService(folder, quizzes=quizzes)
        try:
            yield running
        finally:
            running.stop()


def post(service, path, body, content_type):
    request = urllib.request.Request(f"{service.base_url}{path}", data=body.encode(), method="POST",
                                     headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def money(amounts):
    """As the dashboard writes money: `120 EUR`, `0` for none, `–` for a figure that does not exist."""
    if amounts is None:
        return "–"
    if not amounts:
        return "0"
    return ", ".join(f"{value:,.2f}".rstrip("0").rstrip(".") + f" {currency}" for currency, value in sorted(amounts.items()))


def row_cells(row):
    return [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td, th")]


def test_the_link_builders_link_credits_the_person_and_the_panels_show_the_api_figures(browser, named_service):
    service = named_service
    today = datetime.date.today()
    spend = "Date,Expenses,Currency,UTMSource,UTMMedium,UTMCampaign\n" + "".join(
        f"{today - datetime.timedelta(days=offset)},20,EUR,linkedin,social,employees\n" for offset in range(3))
    assert post(service, "/api/admin/spend", spend, "text/csv")["added"] == 3

    open_dashboard(browser, service)
    krysia = wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "#people tr[data-ref=krysia]")))
    krysia.find_element(By.TAG_NAME, "button").click()
    Select(browser.find_element(By.ID, "link-network")).select_by_visible_text("linkedin")
    browser.find_element(By.ID, "link-campaign").send_keys("employees")
    link = browser.find_element(By.ID, "link-output").get_attribute("value")
    assert link == f"{service.base_url}/q/golf-club?utm_source=linkedin&utm_medium=social&utm_campaign=employees&ref=krysia"
    browser.find_element(By.ID, "link-copy").click()
    wait(browser).until(lambda b: b.find_element(By.ID, "link-copied").text == "Copied.")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "link-builder"))
    browser.save_screenshot("/tmp/quizfunnel-dashboard-link-builder.png")

    # A colleague's friend opens the link on a phone, plays, leaves an address and confirms it.
    browser.get(link)
    play_loaded_page(browser, DRIVER)
    subscribe_with_keyboard(browser, "friend@example.com")
    confirm_from_held_mail(browser, service, "friend@example.com")
    # The CRM reports a sale.
    assert post(service, "/api/admin/conversions", json.dumps({"email": "friend@example.com", "value": 120, "currency": "EUR", "id": "deal-9"}),
                "application/json")["added"] == 1

    open_dashboard(browser, service)
    wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, "#people tr[data-ref=krysia] td:nth-child(4)").text == "1")
    stats = service.admin("/api/admin/quizzes/golf-club/stats")
    person = next(entry for entry in stats["people"] if entry["ref"] == "krysia")
    assert (person["leads"], person["confirmedLeads"], person["customers"], person["revenue"]) == (1, 1, 1, {"EUR": 120})
    shown = row_cells(browser.find_element(By.CSS_SELECTOR, "#people tr[data-ref=krysia]"))
    assert shown[:8] == ["Krysia (krysia)", str(person["views"]), str(person["completions"]), "1", "1", "1", "120 EUR", "0"]

    source = next(entry for entry in stats["roi"]["sources"] if entry["source"] == "linkedin")
    assert (source["spend"], source["costPerLead"], source["returnOnSpend"]) == ({"EUR": 60}, {"EUR": 60}, {"EUR": 2})
    roi_rows = {row_cells(row)[0]: row_cells(row) for row in browser.find_elements(By.CSS_SELECTOR, "#roi tr")[1:]}
    assert roi_rows["linkedin / social / employees"][1:] == [
        money(source["spend"]), "1", "1", money(source["costPerLead"]), money(source["costPerConfirmedLead"]), "1",
        money(source["revenue"]), money(source["revenuePerLead"]), money(source["returnOnSpend"])]
    total = stats["roi"]["total"]
    assert roi_rows["Total"][1:] == [money(total["spend"]), str(total["leads"]), str(total["confirmedLeads"]), money(total.get("costPerLead")),
                                     money(total.get("costPerConfirmedLead")), str(total["customers"]), money(total["revenue"]),
                                     money(total.get("revenuePerLead")), money(total.get("returnOnSpend"))]

    browser.find_element(By.ID, "group-by-team").click()
    team = wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "#people tr.team[data-team=Warehouse]")))
    assert row_cells(team)[:8] == ["Warehouse", str(person["views"]), str(person["completions"]), "1", "1", "1", "120 EUR", "0"]
    assert browser.find_element(By.CSS_SELECTOR, "#people tr.team[data-team='']").text.startswith("No team")
    browser.execute_script("arguments[0].scrollIntoView()", browser.find_element(By.ID, "roi-title"))
    browser.save_screenshot("/tmp/quizfunnel-dashboard-earnings.png")
