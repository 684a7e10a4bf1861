"""Request paths as an attacker writes them, against a real `serve`: every control character, encoded once and twice,
in every static folder and behind leading `//`, `/%2f` and `/\\`. No answer may redirect to another host, and no file
may be served with a content type other than its own."""
import http.client
import pathlib
import urllib.parse

from conftest import ROOT, RunningService

CONTROLS = [f"%{code:02x}" for code in range(0x20)] + ["%7f", "%c2%85"]
PREFIXES = ["/", "//", "/%2f", "/%2F", "/\\", "/%5c"]


def static_targets():
    """Each folder of Public/ and one file in it (`js`, `js/play.js`), and one file at the top."""
    public = ROOT / "Public"
    targets = []
    for folder in sorted(path for path in public.iterdir() if path.is_dir()):
        first = sorted(path for path in folder.rglob("*") if path.is_file())[0]
        targets.append((folder.name, first.relative_to(public).as_posix()))
    targets.append(("", "play.html"))
    return targets


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "quiz.example"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location"), response.getheader("Content-Type")
    finally:
        connection.close()


def stays_on_this_site(location):
    parsed = urllib.parse.urlsplit(location.replace("\\", "/"))
    return not parsed.netloc and not parsed.scheme and location.startswith("/") and not location.startswith(("//", "/\\"))


def test_no_path_redirects_to_another_host_or_serves_a_file_as_another_type(tmp_path):
    service = RunningService(tmp_path)
    tried = 0
    try:
        for folder, file in static_targets():
            own_type = get(service.port, "/" + file)[2]
            for prefix in PREFIXES:
                for control in CONTROLS:
                    for encoded in (control, control.replace("%", "%25")):
                        paths = [
                            f"{prefix}{folder}{encoded}@evil.example",
                            f"{prefix}{folder}{encoded}/..%2f@evil.example",
                            f"{prefix}{file}{encoded}.html",
                            f"{prefix}{file}{encoded}",
                        ]
                        for path in paths:
                            status, location, content_type = get(service.port, path)
                            tried += 1
                            if 300 <= status < 400:
                                assert stays_on_this_site(location), f"{path} → {status} Location: {location!r}"
                            if status == 200:
                                assert content_type == own_type, f"{path} → {content_type}"
                            if "%25" not in encoded:
                                assert status == 400, f"{path} → {status}: a control character once decoded is refused"
            # A folder named with doubled slashes redirects to itself on this site, with one leading slash.
            if folder:
                status, location, _ = get(service.port, f"//{folder}")
                assert (status, location) in {(301, f"/{folder}/"), (308, f"/{folder}/"), (404, None)}, (status, location)
    finally:
        service.stop()
    assert tried > 1000


def test_a_symbolic_link_inside_the_public_folder_to_a_file_outside_is_not_served(tmp_path):
    import shutil

    public = tmp_path / "Public"
    shutil.copytree(ROOT / "Public", public, symlinks=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("the operator's secret")
    (public / "js" / "leak.js").symlink_to(secret)
    (public / "images" / "leak.txt").symlink_to(secret)
    (public / "outside").symlink_to(tmp_path)
    (public / "images" / "alias.css").symlink_to(public / "css" / "quizfunnel.css")
    service = RunningService(tmp_path, extra_arguments=("--public", str(public)))
    try:
        for path in ("/js/leak.js", "/images/leak.txt", "/outside/secret.txt", "/outside/Public/js/leak.js"):
            status, _, _ = get(service.port, path)
            assert status == 404, f"{path} → {status}"
        assert get(service.port, "/images/alias.css")[0] == 200, "a link between files of the folder is served"
        assert get(service.port, "/js/play.js")[0] == 200
    finally:
        service.stop()
