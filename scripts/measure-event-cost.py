#!/usr/bin/env python3
"""Does recording funnel events slow down lead submissions? Times 300 sequential lead POSTs while two clients flood
either the events endpoint or, with --control, GET /livez (the same load without analytics). Compare the two runs.

Usage: quizfunnel serve --port 8098 --database /tmp/m.sqlite &   (a release build: swift build -c release)
       scripts/measure-event-cost.py http://127.0.0.1:8098 [--control]
"""
import json, statistics, threading, time, urllib.request, sys
B = sys.argv[1]
CONTROL = "--control" in sys.argv
def post(p, b):
    r = urllib.request.Request(B + p, data=json.dumps(b).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(r) as x:
        t = x.read(); return json.loads(t) if t else None
A = {"saturday": "big-start", "party": "stories", "problem": "attack", "holiday": "ski", "motto": "go-big", "friends": "start-party"}
def leads(tag, n=300):
    ids = [post("/api/quizzes/golf-club/results", {"answers": A})["resultId"] for _ in range(n)]
    times = []
    for i, rid in enumerate(ids):
        t = time.perf_counter(); post("/api/quizzes/golf-club/leads", {"resultId": rid, "email": f"{tag}{i}@example.com", "consent": True}); times.append((time.perf_counter() - t) * 1000)
    times.sort(); return statistics.median(times), times[int(len(times) * 0.95)]
stop = False; sent = [0]
def flood():
    while not stop:
        if CONTROL:
            urllib.request.urlopen(B + "/livez").read(); sent[0] += 1
        else:
            post("/api/quizzes/golf-club/events", {"events": [{"type": "view"}, {"type": "start"}] + [{"type": "answer", "question": q} for q in range(1, 7)], "utm": {"source": "x"}}); sent[0] += 8
quiet = leads("quiet")
threads = [threading.Thread(target=flood) for _ in range(2)]
[t.start() for t in threads]
busy = leads("busy")
stop = True; [t.join() for t in threads]
print(f"lead POST without events: p50 {quiet[0]:.2f} ms, p95 {quiet[1]:.2f} ms")
what = "GET /livez requests" if CONTROL else "events recorded"
print(f"lead POST while 2 clients flood: p50 {busy[0]:.2f} ms, p95 {busy[1]:.2f} ms ({sent[0]} {what} meanwhile)")
