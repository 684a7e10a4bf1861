"""The quiz travels: embedded on another origin, opened in a popup, and shared as a card crawlers can read."""
import html.parser
import struct
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as visible

from player import DRIVER, exported_rows, play, play_loaded_page, subscribe_with_keyboard, wait

IFRAME = (By.CSS_SELECTOR, "[data-quizfunnel] iframe")


def frame_fits_its_content(browser):
    """True when the framed page needs no scroll bar: its content is no taller than the iframe."""
    return browser.execute_script("return document.documentElement.scrollHeight <= window.innerHeight + 1")


def test_an_embedded_quiz_grows_to_its_content_and_credits_the_host_pages_campaign(browser, embedding):
    browser.get(f"{embedding.shop.origin}/?utm_source=newsletter&utm_medium=email&ref=krysia")
    iframe = wait(browser).until(visible.presence_of_element_located(IFRAME))
    wait(browser).until(lambda b: iframe.get_attribute("title") == "Which golf club are you?")
    intro_height = wait(browser).until(lambda b: iframe.size["height"] != 520 and iframe.size["height"])

    browser.switch_to.frame(iframe)
    assert frame_fits_its_content(browser)
    play_loaded_page(browser, DRIVER)
    browser.switch_to.default_content()
    result_height = wait(browser).until(lambda b: iframe.size["height"] > intro_height and iframe.size["height"])
    browser.switch_to.frame(iframe)
    assert frame_fits_its_content(browser), f"the result needs a scroll bar in a {result_height}px frame"
    subscribe_with_keyboard(browser, "embedded@example.com")

    rows = exported_rows(embedding.service, "?segment=driver&status=pending")
    assert [(row["email"], row["utm_source"], row["utm_medium"], row["ref"]) for row in rows] == [
        ("embedded@example.com", "newsletter", "email", "krysia")
    ]


def test_a_site_not_listed_cannot_frame_the_quiz(browser, embedding):
    browser.get(f"{embedding.stranger.origin}/?ref=thief")
    iframe = wait(browser).until(visible.presence_of_element_located(IFRAME))

    browser.switch_to.frame(iframe)
    # Chromium replaces a frame refused by frame-ancestors with an error page: the quiz's elements never appear.
    assert browser.find_elements(By.ID, "start") == []
    assert browser.execute_script("return document.querySelector('body[data-quiz]')") is None
    browser.switch_to.default_content()
    assert iframe.get_attribute("title") == "Quiz", "CORS must not let the stranger's page read the quiz"


def test_the_popup_opens_an_accessible_dialog_and_gives_focus_back(browser, embedding):
    browser.get(f"{embedding.shop.origin}/")
    button = wait(browser).until(visible.element_to_be_clickable((By.CSS_SELECTOR, "[data-quizfunnel-popup]")))

    button.send_keys(Keys.ENTER)

    dialog = wait(browser).until(visible.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    assert dialog.get_attribute("aria-label") == "Take the golf quiz"
    frame = dialog.find_element(By.TAG_NAME, "iframe")
    browser.switch_to.frame(frame)
    wait(browser).until(visible.element_to_be_clickable((By.ID, "start")))
    browser.switch_to.default_content()
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser).until(lambda b: not b.find_elements(By.CSS_SELECTOR, "dialog"))
    assert browser.switch_to.active_element == button


def test_share_links_carry_the_network_the_campaign_and_the_players_ref(browser, service):
    play(browser, service, "en", DRIVER)

    links = {network: browser.find_element(By.ID, f"share-{network}").get_attribute("href") for network in ["facebook", "linkedin", "x", "whatsapp"]}

    shared = {network: shared_url(network, href) for network, href in links.items()}
    refs = {query["ref"][0] for query in shared.values()}
    assert len(refs) == 1 and refs.pop().isalnum()
    for network, query in shared.items():
        assert query["utm_source"] == [network]
        assert query["utm_medium"] == ["social"]
        assert query["utm_campaign"] == ["quiz-share"]
    assert links["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert links["linkedin"].startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert links["x"].startswith("https://twitter.com/intent/tweet?url=")
    assert links["whatsapp"].startswith("https://wa.me/?text=")
    assert "I%27m%20The%20Driver!" in links["x"] or "I'm The Driver!" in urllib.parse.unquote(links["x"])


def test_a_crawler_sees_a_card_with_title_and_image(service):
    page = fetch(f"{service.base_url}/r/golf-club/iron?lang=pl&utm_source=facebook&ref=Ab12Cd34Ef56")
    tags = MetaTags()
    tags.feed(page)

    assert tags["og:title"] == "Mój wynik: Żelazo! Jakim kijem golfowym jesteś?"
    assert tags["og:url"] == f"{service.base_url}/r/golf-club/iron?lang=pl"
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image:alt"] == "Żelazo"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    image = urllib.request.urlopen(tags["og:image"], timeout=5).read()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", image[16:24]) == (1200, 630)


def shared_url(network, href):
    """The quiz's own share URL inside a network's share link, as a parsed query."""
    outer = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    inner = (outer.get("u") or outer.get("url") or [outer["text"][0].split(" ")[-1]])[0]
    assert "@" not in inner
    return urllib.parse.parse_qs(urllib.parse.urlsplit(inner).query)


def fetch(url):
    # A crawler: no JavaScript, a crawler's user agent.
    request = urllib.request.Request(url, headers={"User-Agent": "facebookexternalhit/1.1"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read().decode("utf-8")


class MetaTags(html.parser.HTMLParser, dict):
    """`<meta property|name=... content=...>` tags of a page, by property or name."""

    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        dict.__init__(self)

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        key = attributes.get("property") or attributes.get("name")
        if tag == "meta" and key and "content" in attributes:
            self[key] = attributes["content"]
