"""What a phone downloads before the first question shows: every response's bytes on the wire, from Chromium's log. The
shipped golf quiz starts with a picture question, so the pictures in view are counted with the page."""
import json
import os
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as visible
from selenium.webdriver.support.ui import WebDriverWait

from .service import Service


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844"]:
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=DriverService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def first_question_transfer(base_url, path="/q/golf-club?lang=en&utm_source=facebook"):
    driver = browser()
    try:
        driver.get(base_url + path)
        WebDriverWait(driver, 20).until(visible.element_to_be_clickable((By.ID, "start"))).click()
        WebDriverWait(driver, 20).until(visible.visibility_of_element_located((By.ID, "question-text")))
        # A picture question shows its pictures in view; those below the fold wait (loading="lazy") and are not counted.
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('#answers img')]"
            ".filter(i => i.getBoundingClientRect().top < innerHeight).every(i => i.complete && i.naturalWidth > 0)"))
        messages = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    finally:
        driver.quit()
    urls, encodings, received = {}, {}, {}
    for message in messages:
        parameters = message.get("params", {})
        if message["method"] == "Network.responseReceived":
            response = parameters["response"]
            urls[parameters["requestId"]] = response["url"].removeprefix(base_url)
            headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
            encodings[parameters["requestId"]] = headers.get("content-encoding", "identity")
        elif message["method"] == "Network.loadingFinished":
            received[parameters["requestId"]] = int(parameters["encodedDataLength"])
    responses = sorted(
        ({"url": urls[request], "bytes": size, "encoding": encodings.get(request, "identity")} for request, size in received.items() if request in urls),
        key=lambda response: response["url"],
    )
    return {"bytes": sum(response["bytes"] for response in responses), "responses": responses}


def measure(binary):
    with tempfile.TemporaryDirectory(prefix="quizfunnel-bench-transfer-") as folder:
        with Service(binary, folder) as service:
            return first_question_transfer(service.base_url)
