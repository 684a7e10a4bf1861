"""What an operator watches: /metrics parses as Prometheus text with the service's own numbers and no personal data
in any label, and JSON logs are one object a line with request id, route, status and duration, and no address."""
import json
import re
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from conftest import RunningService

DRIVER = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}


def post(service, path, body):
    request = urllib.request.Request(f"{service.base_url}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def play_and_subscribe(service, email):
    result = post(service, "/api/quizzes/golf-club/results", {"answers": DRIVER})
    post(service, "/api/quizzes/golf-club/leads", {"resultId": result["resultId"], "email": email, "consent": True})


def test_metrics_scrape_cleanly_and_count_what_happened(tmp_path):
    service = RunningService(tmp_path)
    try:
        for index in range(3):
            play_and_subscribe(service, f"metrics{index}@example.com")
            service.confirm(f"metrics{index}@example.com")
        service.admin("/api/admin/leads/metrics0@example.com")
        assert service.export_csv().count("@example.com") == 3  # a streamed response, timed until its last byte
        with urllib.request.urlopen(f"{service.base_url}/metrics", timeout=5) as response:
            assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            text = response.read().decode()
    finally:
        service.stop()

    families = {family.name: family for family in text_string_to_metric_families(text)}
    samples = [sample for family in families.values() for sample in family.samples]

    def value(name, **labels):
        return sum(s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))

    assert value("quizfunnel_results_total", quiz="golf-club", segment="driver") == 3
    assert value("quizfunnel_leads_total", quiz="golf-club", segment="driver", kind="new") == 3
    assert value("quizfunnel_write_batch_size_count") >= 1
    assert value("http_server_request_duration_count", http_route="/api/quizzes/{quiz}/leads", http_response_status_code="201") == 3
    assert value("hb_requests_total", http_route="/api/admin/leads/{email}", http_request_method="GET") == 1
    assert value("http_server_request_duration_count", http_route="/api/admin/leads.csv", http_response_status_code="200") == 1
    # Every request has been answered but the scrape itself: the gauge comes down for buffered and streamed responses alike.
    assert value("http_server_active_requests", http_request_method="POST") == 0
    assert value("http_server_active_requests", http_request_method="GET") == 1
    for sample in samples:
        for label in sample.labels.values():
            assert "@" not in label and not re.fullmatch(r"\d+\.\d+\.\d+\.\d+", label), f"personal data in a label: {sample}"


def test_json_logs_carry_request_id_route_status_and_duration_but_no_address(tmp_path):
    service = RunningService(tmp_path, extra_arguments=("--log-format", "json"))
    try:
        play_and_subscribe(service, "private.person@example.com")
        confirmation = service.held_confirmation_link("private.person@example.com").split("/")[-1]
        service.confirm("private.person@example.com")
        token = service.admin("/api/admin/leads/private.person@example.com")["leads"][0]["lead"]["unsubscribeUrl"].split("/")[-1]
        urllib.request.urlopen(urllib.request.Request(f"{service.base_url}/u/{token}", method="POST"), timeout=5).read()
    finally:
        service.stop()
    log = (tmp_path / "serve.log").read_text()
    entries = [json.loads(line) for line in log.splitlines() if line.strip()]
    requests = [entry for entry in entries if entry["message"] == "Request"]
    assert {entry["route"] for entry in requests} >= {"/api/quizzes/{quiz}/leads", "/api/admin/leads/{email}", "/c/{token}", "/u/{token}"}
    for entry in requests:
        assert entry["request_id"] and entry["status"] and float(entry["duration_ms"]) >= 0
    assert "private.person" not in log
    assert token not in log
    assert confirmation not in log
