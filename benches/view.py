"""Benchmarks of the interactive view, run by hand (see docs/performance.md):

  python3 benches/view.py page [ACTORS:RELATIONS ...]
      the seed page, then random graphs of each size: how long headless Chromium takes from
      navigation until the laid-out graph is first drawn, then how long picking the
      best-connected actor (its panel, ego network and fading) and hiding a class from the
      legend (a full re-filter and restyle) take until the next frame. Median of 3 loads,
      each with the CPU time the page's main thread took, which the machine's load does not
      inflate.

  python3 benches/view.py serve DATA [REQUESTS] [CONCURRENCY]
      `dipgraph --data DATA serve`: load time and memory, then REQUESTS (2000) /api/path
      requests between random pairs of the 500 best-connected actors, CONCURRENCY (16) at a
      time; the server's own time per answer (its Server-Timing header), the client's, the
      failures, and the server's memory after.

Needs target/release/dipgraph (or $DIPGRAPH), chromium, chromium-driver and selenium (page).
"""

import concurrent.futures
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DIPGRAPH = os.environ.get("DIPGRAPH", "target/release/dipgraph")
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--window-size=1400,900"
).split()


def random_dataset(actors, relations, seed=7):
    rng = random.Random(seed)
    kinds = ["demand", "criticize", "appeal", "consult", "aid", "threaten", "member_of"]
    actor_kinds = ["state", "person", "armed_group", "government_body"]
    data = {
        "sources": [{"id": "s", "title": "Generated", "publisher": "Bench",
                     "url": "https://example.org", "published": "2021"}],
        "actors": [{"id": f"a{i}", "name": f"Actor {i}", "kind": actor_kinds[i % 4]}
                   for i in range(actors)],
        "relations": [],
    }
    for i in range(relations):
        a = rng.randrange(actors)
        b = (a + 1 + rng.randrange(actors - 1)) % actors
        kind = rng.choice(kinds)
        relation = {"id": f"r{i}", "from": f"a{a}", "to": f"a{b}", "kind": kind,
                    "evidence": [{"source": "s", "note": "generated", "quote": "a few words"}]}
        if kind == "member_of":
            relation["since"] = f"{2000 + i % 20}"
        else:
            relation["date"] = f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}"
        data["relations"].append(relation)
    return data


def page(sizes):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="dipgraph-bench-"))
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    work = tempfile.mkdtemp(prefix="dipgraph-view-")
    pages = [("seed", os.path.join(work, "seed.html"), None)]
    for size in sizes:
        actors, relations = map(int, size.split(":"))
        data = os.path.join(work, f"g{actors}.json")
        with open(data, "w") as out:
            json.dump(random_dataset(actors, relations), out)
        pages.append((f"{actors} actors, {relations} relations",
                      os.path.join(work, f"g{actors}.html"), data))
    # Wall-clock times on a shared machine say more about the load than about the page, so
    # the table also gives the CPU time of the page's main thread (Chrome's ThreadTime metric,
    # over a fresh renderer per load): what the wall clock would be on an idle core.
    print("| graph | page size | ready after (main-thread CPU) | pick an actor | hide a class |")
    print("| --- | --- | --- | --- | --- |")
    # Each reaction is timed from the call to the next frame drawn after it.
    until_drawn = ("const done = arguments[arguments.length - 1]; const t = performance.now();"
                   "%s; requestAnimationFrame(() => done(performance.now() - t));")
    pick_hub = ("dipgraph.pickActor(dipgraph.cy.nodes()"
                ".sort((a, b) => b.degree() - a.degree())[0].id())")
    hide_class = "document.querySelector('#legend-classes li').click()"
    driver.execute_cdp_cmd("Performance.enable", {})
    try:
        for name, html, data in pages:
            args = [DIPGRAPH] + (["--data", data] if data else []) + ["export", "-o", html]
            subprocess.run(args, check=True, capture_output=True)
            ready, cpu, pick, pick_cpu, refilter, refilter_cpu = [], [], [], [], [], []
            for _ in range(3):
                driver.get("about:blank")
                driver.get("file://" + html)
                end = time.time() + 120
                while not driver.execute_script("return window.dipgraph && window.dipgraph.ready"):
                    if time.time() > end:
                        raise SystemExit(f"{name}: not ready after 120 s")
                    time.sleep(0.1)
                ready.append(driver.execute_script("return dipgraph.readyAt"))
                cpu.append(thread_ms(driver))
                for script, wall, busy in ((pick_hub, pick, pick_cpu),
                                           (hide_class, refilter, refilter_cpu)):
                    before = thread_ms(driver)
                    wall.append(driver.execute_async_script(until_drawn % script))
                    busy.append(thread_ms(driver) - before)
            med = statistics.median
            size_kb = os.path.getsize(html) / 1024
            print(f"| {name} | {size_kb:,.0f} KB | {med(ready):,.0f} ms ({med(cpu):,.0f} ms) "
                  f"| {med(pick):,.0f} ms ({med(pick_cpu):,.0f} ms) "
                  f"| {med(refilter):,.0f} ms ({med(refilter_cpu):,.0f} ms) |", flush=True)
    finally:
        driver.quit()


def thread_ms(driver):
    """CPU milliseconds the page's main thread has used (the renderer's ThreadTime)."""
    metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "ThreadTime")


def rss_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def get(url):
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            timing = response.headers.get("Server-Timing", "")
            status = response.status
    except urllib.error.HTTPError as err:
        return err.code, None, time.perf_counter() - start
    server = float(timing.split("dur=")[1]) if "dur=" in timing else None
    return status, server, time.perf_counter() - start


def serve(data, requests=2000, concurrency=16):
    start = time.perf_counter()
    server = subprocess.Popen([DIPGRAPH, "--data", data, "serve", "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        loaded = time.perf_counter() - start
        base = "http://" + line.split("http://")[1].split("/")[0]
        rss, peak = rss_kib(server.pid)
        print(f"{line.strip()}\nloaded and listening after {loaded:.1f} s; "
              f"RSS {rss / 1024:,.0f} MiB (peak {peak / 1024:,.0f} MiB)")
        with urllib.request.urlopen(base + "/api/rank?by=degree&top=500") as response:
            ids = [r["actor"] for r in json.load(response)["actors"]]
        rng = random.Random(1)
        urls = []
        for _ in range(requests):
            a, b = rng.sample(ids, 2)
            urls.append(f"{base}/api/path?from={a}&to={b}")
        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(get, urls))
        wall = time.perf_counter() - began
        ok = sum(1 for status, _, _ in results if status == 200)
        server_ms = sorted(s for _, s, _ in results if s is not None)
        client_ms = sorted(c * 1000 for _, _, c in results)
        pct = lambda xs, p: xs[min(len(xs) - 1, int(p * len(xs)))]
        rss_after, peak_after = rss_kib(server.pid)
        print(f"{requests} /api/path requests, {concurrency} at a time: {ok} succeeded, "
              f"{requests - ok} failed, in {wall:.1f} s ({requests / wall:,.0f}/s)")
        print(f"server time p50 {pct(server_ms, .5):.2f} ms, p95 {pct(server_ms, .95):.2f} ms, "
              f"max {server_ms[-1]:.1f} ms; client p50 {pct(client_ms, .5):.1f} ms, "
              f"p95 {pct(client_ms, .95):.1f} ms")
        print(f"RSS after: {rss_after / 1024:,.0f} MiB (peak {peak_after / 1024:,.0f} MiB)")
    finally:
        server.send_signal(2)
        server.wait(timeout=30)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("page", "serve"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "page":
        page(sys.argv[2:])
    else:
        serve(sys.argv[2], *map(int, sys.argv[3:5]))


if __name__ == "__main__":
    main()
