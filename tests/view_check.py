"""Checks the interactive view in headless Chromium (run by tests/it/view.rs).

usage: view_check.py SEED_HTML HOSTILE_HTML SERVER_URL

One browser session: the seed page from file:// (search, edge click, depth, path, filters,
dates, saving, no network request), the hostile page (labels stay text: no alert, no
console error, no injected element), and the page under `dipgraph serve`. Prints one line
per check and exits non-zero on the first failure.
"""

import json
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--window-size=1400,900"
).split()


def browser():
    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="dipgraph-view-"))
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(condition, what, detail=""):
    if not condition:
        print(f"FAILED: {what} {detail}")
        sys.exit(1)
    print(f"ok: {what}")


def wait(driver, script, what, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            print(f"ok: {what}")
            return value
        time.sleep(0.05)
    check(False, what, "(timed out)")


def open_page(driver, url):
    driver.get(url)
    wait(driver, "return window.dipgraph && window.dipgraph.ready", f"{url} ready")
    driver.get_log("performance")  # start the request log afresh after loading


def panel(driver):
    return driver.find_element(By.ID, "panel-body").text


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def requests(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def search(driver, text):
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def bright_nodes(driver):
    return driver.execute_script(
        "return dipgraph.cy.nodes().filter(n => !n.hasClass('faded') && !n.hasClass('hidden')).length"
    )


def seed_page(driver, url):
    driver.get(url)
    wait(driver, "return window.dipgraph && window.dipgraph.ready", "seed page ready")
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    check(loaded == [], "the page loads nothing besides itself", loaded)
    driver.get_log("performance")

    search(driver, "Kalin")
    wait(driver, "return document.querySelector('#panel-body h2')?.textContent === 'İbrahim Kalın'",
         "searching Kalin opens İbrahim Kalın")
    text = panel(driver)
    quotes = driver.find_elements(By.CSS_SELECTOR, "#panel-body blockquote")
    check(len(quotes) >= 3 and "“" in quotes[0].text, "his relations show with their quotes", text[:200])
    check("open source" in text and "Ahval" in text, "each quote names its source and links it")
    one = bright_nodes(driver)
    driver.find_element(By.ID, "depth").send_keys("2")
    wait(driver, f"return dipgraph.cy.nodes().filter(n => !n.hasClass('faded')).length > {one}",
         "depth 2 brightens more of the network")

    # A real click on the middle of the edge from Kalın to Bloomberg.
    driver.find_element(By.ID, "fit").click()
    point = driver.execute_script(
        "const e = dipgraph.cy.edges().filter(e => e.source().id() === 'ibrahim-kalin' && "
        "e.target().id() === 'bloomberg')[0]; const p = e.renderedMidpoint(); "
        "const box = document.getElementById('graph').getBoundingClientRect(); "
        "return [p.x - box.width / 2, p.y - box.height / 2];")
    ActionChains(driver).move_to_element_with_offset(
        driver.find_element(By.ID, "graph"), point[0], point[1]).click().perform()
    wait(driver, "return document.querySelectorAll('#panel-body .evidence').length > 0",
         "clicking an edge shows its evidence")
    check("Bloomberg" in panel(driver) and "comment" in panel(driver).lower(),
          "the edge panel names its relation", panel(driver)[:200])

    driver.execute_script("dipgraph.pickActor('recep-tayyip-erdogan')")
    wait(driver, "return document.querySelector('#panel-body h2')?.textContent.includes('Erdoğan')",
         "picking an actor")
    button = driver.find_element(By.XPATH, "//button[text()='Path from here']")
    button.click()
    driver.execute_script("dipgraph.pickActor('pkk')")
    wait(driver, "return dipgraph.state.path && dipgraph.state.path.length > 0", "a path is highlighted")
    check("Path" in panel(driver) and "Kurdistan Workers" in panel(driver), "the path panel lists its hops")

    driver.find_element(By.ID, "fit").click()
    hidden = "return dipgraph.cy.edges('.hidden').length"
    before = driver.execute_script(hidden)
    driver.find_element(By.CSS_SELECTOR, "#legend-classes li[data-name='structural']").click()
    check(driver.execute_script(hidden) > before, "a class hides from the legend")
    driver.find_element(By.CSS_SELECTOR, "#legend-classes li[data-name='structural']").click()
    driver.execute_script(
        "const r = document.getElementById('range-to'); r.value = '0'; r.dispatchEvent(new Event('input'));")
    check(driver.execute_script(hidden) > before, "the date window hides later relations")

    svg = driver.execute_script(
        "const doc = new DOMParser().parseFromString(dipgraph.toSvg(), 'image/svg+xml');"
        "return doc.querySelector('parsererror') ? null : doc.documentElement.textContent;")
    check(svg is not None and "İbrahim Kalın" in svg, "the view saves as well-formed SVG")
    png = driver.execute_script("return dipgraph.cy.png().slice(0, 22)")
    check(png == "data:image/png;base64,", "the view saves as PNG")

    sent = [u for u in requests(driver) if not u.startswith(("file:", "data:", "blob:"))]
    check(sent == [], "no network request", sent)
    errors = console_errors(driver)
    check(errors == [], "no console error on the seed page", errors)


def hostile_page(driver, url):
    driver.get(url)
    wait(driver, "return window.dipgraph && window.dipgraph.ready", "hostile page ready")
    names = driver.execute_script("return dipgraph.cy.nodes().map(n => n.data('name')).sort()")
    check("<script>alert(1)</script>" in names and "</script><!-- closer" in names,
          "names reach the drawing as typed", names)
    for actor in ("script", "quotes", "closer"):
        driver.execute_script(f"dipgraph.pickActor('{actor}')")
        time.sleep(0.1)
        check(no_alert(driver), f"no alert after opening {actor}")
    driver.execute_script("dipgraph.cy.edges().forEach(e => e.emit('tap'))")
    driver.execute_script("dipgraph.pickActor('script')")
    text = panel(driver)
    check("<script>alert(1)</script>" in text and "<script>alert('quote')</script>" in text,
          "names and quotes display as text", text[:300])
    check("\u2028" in driver.execute_script("return document.getElementById('panel-body').textContent"),
          "U+2028 survives the embedding")
    check(driver.execute_script("return document.scripts.length") == 3, "no script element was injected")
    injected = driver.execute_script(
        "return [...document.querySelectorAll('*')].filter(e => e.tagName === 'IMG' || "
        "[...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML)")
    check(injected == [], "no element or handler was injected", injected)
    links = driver.execute_script("return [...document.querySelectorAll('#panel-body a[href]')]"
                                  ".map(a => a.href).filter(h => !h.endsWith('#'))")
    check(links == [], "a javascript: source URL is not a link", links)
    driver.execute_script("dipgraph.toSvg()")
    check(no_alert(driver), "no alert at all")
    errors = console_errors(driver)
    check(errors == [], "no console error on the hostile page", errors)


def served_page(driver, url):
    open_page(driver, url)
    search(driver, "Kalin")
    wait(driver, "return document.querySelector('#panel-body h2')?.textContent === 'İbrahim Kalın'",
         "under serve, searching Kalin loads his neighbourhood")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#panel-body blockquote")) >= 3,
          "under serve, his relations show with quotes")
    origin = url.rstrip("/")
    sent = requests(driver)
    check(any("/api/actors?q=Kalin" in u for u in sent) and any("/api/subgraph?focus=" in u for u in sent),
          "under serve, the page asks the API", sent)
    check(all(u.startswith(origin) or u.startswith("data:") for u in sent),
          "under serve, the page asks only its server", sent)
    errors = console_errors(driver)
    check(errors == [], "no console error under serve", errors)


def main():
    seed, hostile, server = sys.argv[1:4]
    driver = browser()
    try:
        seed_page(driver, seed)
        hostile_page(driver, hostile)
        served_page(driver, server)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
