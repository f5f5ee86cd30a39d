#!/usr/bin/env python3
"""Opens firegrid's HTML report in headless Chromium and fails on anything a browser
complains about: a console message, a script error, a warning or error in the browser's
log (a refused load, a CSP violation, a parse problem) and any request besides the page
itself. The page must also have drawn its four charts and its table.

It talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe), so
it sees what the page did rather than scraping Chromium's own log, and needs nothing
beyond the Python standard library. Before the real report it opens a page that breaks
every rule once and requires each break to be caught, so a checker that stopped seeing
problems fails instead of passing.

Exit codes: 0 clean, 1 problems found, 2 the check could not run, 77 Chromium is not
installed (CTest's SKIP_RETURN_CODE).

  check_html.py --bin build/firegrid --repo tests/cli/fixtures/report --as-of 2026-11-28
  check_html.py --html some.html            (a page written elsewhere)
"""

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
TIMEOUT = 60  # seconds for one page


def find_chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Browser:
    """A headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire_fds():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "about:blank"]
        self.stderr = open(os.path.join(profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.stderr, stderr=self.stderr,
                                     preexec_fn=wire_fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        return self.next_id

    def read(self, deadline):
        """The next message, or None when the deadline passed."""
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe (see its log)")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.read(deadline)
            if message is None:
                raise RuntimeError(f"Chromium did not answer {method} within {TIMEOUT}s")
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, method, session, seconds):
        deadline = time.monotonic() + seconds
        for i, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return True
        while True:
            message = self.read(deadline)
            if message is None:
                return False
            self.events.append(message)
            if message.get("method") == method and message.get("sessionId") == session:
                return True

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        while (message := self.read(deadline)) is not None:
            self.events.append(message)

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)
        self.stderr.close()


def problems_of(browser, session, page_url):
    """Everything the page made the browser say or fetch, as lines."""
    problems = []
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console.{params.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            problems.append(f"exception: {details.get('text')} {details.get('exception', {}).get('description', '')}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") in ("warning", "error"):
                problems.append(f"{entry.get('level')} ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            if url != page_url:
                problems.append(f"request: {url}")
        elif method == "Network.loadingFailed":
            problems.append(f"load failed: {params.get('errorText')}")
    return problems


def open_page(chromium, path):
    """Opens `path`; returns (problems, what the page drew)."""
    page_url = "file://" + os.path.abspath(path)
    with tempfile.TemporaryDirectory(prefix="firegrid-chromium-") as profile:
        browser = Browser(chromium, profile)
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Runtime", "Log", "Network", "Page"):
                browser.call(domain + ".enable", session=session)
            browser.call("Page.navigate", {"url": page_url}, session=session)
            if not browser.wait_event("Page.loadEventFired", session, TIMEOUT):
                raise RuntimeError(f"{path} did not finish loading within {TIMEOUT}s")
            browser.drain(1.0)  # late messages: layout, fonts, lazy loads
            drawn = browser.call("Runtime.evaluate", {
                "expression": "JSON.stringify({svg: document.querySelectorAll('svg').length,"
                              " cells: document.querySelectorAll('rect.cell').length,"
                              " rows: document.querySelectorAll('tbody tr').length,"
                              " lang: document.documentElement.lang,"
                              " charset: document.characterSet,"
                              " quirks: document.compatMode !== 'CSS1Compat'})",
                "returnByValue": True}, session=session)["result"]["value"]
            return problems_of(browser, session, page_url), json.loads(drawn)
        except RuntimeError:
            with open(os.path.join(profile, "chromium.log"), "rb") as log:
                sys.stderr.write(log.read().decode(errors="replace")[-4000:])
            raise
        finally:
            browser.close()


# A page that breaks each rule once: the checker must see every one of them.
BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title>
<link rel="stylesheet" href="http://127.0.0.1:9/style.css"></head>
<body><img src="http://127.0.0.1:9/picture.png" alt="">
<script>console.warn("a console warning"); undefined_function();</script></body></html>
"""


def self_test(chromium, work):
    path = os.path.join(work, "bad.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(BAD_PAGE)
    problems, _ = open_page(chromium, path)
    text = "\n".join(problems)
    expected = {"a request": "request: http://127.0.0.1:9/", "a console warning": "console.warning",
                "a script error": "exception:"}
    missed = [what for what, mark in expected.items() if mark not in text]
    if missed:
        print("check_html: the checker itself is broken: on a bad page it did not see " + ", ".join(missed)
              + ". It saw:\n  " + "\n  ".join(problems), file=sys.stderr)
        return False
    return True


def render_report(args, work):
    repo = os.path.join(work, "repo")
    shutil.copytree(args.repo, repo, symlinks=True)
    out = os.path.join(work, "weekly.html")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": work, "TZ": "UTC", "LANG": "C.UTF-8",
           "FIREGRID_TODAY": args.as_of}
    command = [args.bin, "-C", repo, "report", "weekly", "--format", "html", "--as-of", args.as_of, "-o", out]
    command += args.extra
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    if run.returncode != 0 or not os.path.exists(out):
        print(f"check_html: {' '.join(command)} failed ({run.returncode}):\n{run.stdout}{run.stderr}", file=sys.stderr)
        return None
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", help="the firegrid program")
    parser.add_argument("--repo", help="a data repo to report on (copied first)")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--html", help="check this page instead of rendering one")
    parser.add_argument("extra", nargs="*", help="more options for `report weekly` (after --)")
    args = parser.parse_args()
    if not args.html and not (args.bin and args.repo):
        parser.error("give --bin and --repo, or --html")

    chromium = find_chromium()
    if not chromium:
        print("check_html: skipped: Chromium is not installed (scripts/install-deps.sh installs Debian's chromium)")
        return SKIP

    with tempfile.TemporaryDirectory(prefix="firegrid-html-") as work:
        try:
            if not self_test(chromium, work):
                return 2
            page = args.html or render_report(args, work)
            if not page:
                return 1
            with open(page, encoding="utf-8") as f:
                source = f.read()
            problems = [f"the page contains {word!r}" for word in ("http:", "https:", "<script", "url(", "@import")
                        if word in source.lower()]
            found, drawn = open_page(chromium, page)
            problems += found
        except (RuntimeError, OSError) as e:
            print(f"check_html: could not run Chromium: {e}", file=sys.stderr)
            return 2
    if drawn["svg"] != 4 or drawn["rows"] == 0:
        problems.append(f"the page did not draw its 4 charts and the table: {drawn}")
    if drawn["quirks"] or drawn["charset"] != "UTF-8" or drawn["lang"] not in ("zh-CN", "en"):
        problems.append(f"the page is not a UTF-8 HTML5 page with a language: {drawn}")
    if problems:
        print(f"check_html: {page}: {len(problems)} problem(s):\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"check_html: clean: {drawn['svg']} charts, {drawn['cells']} heat map cells, {drawn['rows']} table rows,"
          f" no console message, no request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
