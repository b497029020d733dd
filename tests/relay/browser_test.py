#!/usr/bin/env python3
"""The relay's pages in a real browser: Debian's Chromium driven by chromedriver (Selenium).

Starts hivepost-relay on 127.0.0.1, publishes categories and a campaign through its API as the
desktop does, signs an unsubscribe token with the relay's key (the token format of
core/tracking/TrackingToken), then, in English and in Simplified Chinese (Accept-Language):
  - the preference centre: a category turned off by its label, saved; "unsubscribe from everything";
  - the signup form filled by keyboard, submitted, and the confirmation link opened.
Each step is checked in the page and in the relay's event API. Screenshots go to --out.
"""
import argparse, base64, hashlib, hmac, json, os, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def token(kind, key_id, secret, campaign, recipient, contact, link=None):
    payload = bytes([(1 << 4) | kind]) + varint(key_id) + varint(campaign) + varint(recipient) + varint(contact)
    if link is not None:
        payload += varint(link)
    mac = hmac.new(secret, b"hivepost-token\0" + payload, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode()


class Relay:
    def __init__(self, binary, folder):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        out = subprocess.run([binary, "init", "--data", folder, "--public-url", self.base, "--json"],
                             check=True, capture_output=True, text=True).stdout
        self.key = json.loads(out)["admin_key"]
        self.proc = subprocess.Popen([binary, "serve", "--data", folder, "--listen", f"127.0.0.1:{self.port}"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        assert "listening on" in line, line

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.key,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def events(self, after=0):
        return self.api("GET", f"/api/v1/events?after={after}&limit=1000")["events"]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def browser(lang):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=900,900", f"--lang={lang}",
                 "--password-store=basic", "--use-mock-keychain",
                 "--user-data-dir=" + tempfile.mkdtemp(prefix="hp-chromium-")):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def heading_becomes(d, text):
    """Waits (up to 10 s) for the page after a submit; True when its heading is text."""
    def seen(drv):
        try:
            return drv.find_element(By.TAG_NAME, "h1").text == text
        except Exception:  # the old page went away under us: look again
            return False
    try:
        WebDriverWait(d, 10).until(seen)
        return True
    except Exception:
        print("page instead:", d.page_source[:2000])
        return False


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok:", what)


def run(relay, out, lang, contact):
    words = {
        "en": {"prefs": "Email preferences", "saved": "Preferences saved", "gone": "You are unsubscribed",
               "pending": "Check your inbox", "confirmed": "Subscription confirmed", "email": "Email address"},
        "zh-CN": {"prefs": "邮件偏好设置", "saved": "偏好设置已保存", "gone": "您已退订",
                  "pending": "请查收邮件", "confirmed": "订阅已确认", "email": "电子邮件地址"},
    }[lang]
    keys = relay.api("GET", "/api/v1/keys")
    current = [k for k in keys["keys"] if k["id"] == keys["current"]][0]
    secret = base64.b64decode(current["secret"])
    unsubscribe = token(2, current["id"], secret, 7, 100 + contact, contact)
    d = browser(lang)
    try:
        d.get(f"{relay.base}/u/{unsubscribe}")
        check(d.find_element(By.TAG_NAME, "h1").text == words["prefs"], f"{lang}: the preference centre")
        check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == ("zh-CN" if lang != "en" else "en"),
              f"{lang}: html lang")
        check("Acme <Shop>" in d.page_source.replace("&lt;", "<").replace("&gt;", ">"), f"{lang}: sender name shown")
        boxes = d.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")
        check(len(boxes) == 2 and all(b.is_selected() for b in boxes), f"{lang}: both categories on")
        d.save_screenshot(os.path.join(out, f"relay-preferences-{lang}.png"))
        # Turned off by its label (every box has one), then saved from the keyboard.
        label = d.find_element(By.CSS_SELECTOR, "label[for=cat-2]")
        check("Offers" in label.text, f"{lang}: the label names the category")
        label.click()
        check(not d.find_element(By.ID, "cat-2").is_selected(), f"{lang}: the label toggles its box")
        d.find_element(By.ID, "cat-1").send_keys(Keys.ENTER)  # Enter in a form submits it
        check(heading_becomes(d, words["saved"]), f"{lang}: saved")
        prefs = [e for e in relay.events() if e["kind"] == "preferences" and e["contact_id"] == contact]
        check(prefs and prefs[-1]["detail"]["categories"] == {"1": True, "2": False}, f"{lang}: the choice recorded")
        d.find_element(By.TAG_NAME, "a").click()  # back to the preferences
        check(heading_becomes(d, words["prefs"]), f"{lang}: back to the preferences")
        check(not d.find_element(By.ID, "cat-2").is_selected(), f"{lang}: the page remembers the choice")
        d.find_element(By.CSS_SELECTOR, "button.danger").click()
        check(heading_becomes(d, words["gone"]), f"{lang}: unsubscribed from everything")
        d.save_screenshot(os.path.join(out, f"relay-unsubscribed-{lang}.png"))
        gone = [e for e in relay.events() if e["kind"] == "unsubscribe" and e["contact_id"] == contact]
        check(len(gone) == 1, f"{lang}: one unsubscribe event")

        # The signup form, by keyboard, and the confirmation link.
        d.get(f"{relay.base}/s/2")
        email = d.find_element(By.ID, "email")
        check(d.find_element(By.CSS_SELECTOR, "label[for=email]").text.startswith(words["email"]),
              f"{lang}: the address field has its label")
        email.send_keys(f"reader-{lang}@example.org")
        d.find_element(By.ID, "name").send_keys("Reader <script>x</script>")
        d.save_screenshot(os.path.join(out, f"relay-signup-{lang}.png"))
        d.find_element(By.ID, "name").send_keys(Keys.ENTER)
        check(heading_becomes(d, words["pending"]), f"{lang}: asked to confirm")
        pending = [e for e in relay.events() if e["kind"] == "signup_pending"
                   and e["detail"]["email"] == f"reader-{lang}@example.org".lower()]
        check(len(pending) == 1, f"{lang}: a pending signup")
        d.get(pending[0]["detail"]["confirm_url"])
        check(heading_becomes(d, words["confirmed"]), f"{lang}: confirmed")
        check("Offers" in d.find_element(By.TAG_NAME, "p").text, f"{lang}: names the list")
        d.save_screenshot(os.path.join(out, f"relay-confirmed-{lang}.png"))
        signed = [e for e in relay.events() if e["kind"] == "signup"
                  and e["detail"]["email"] == f"reader-{lang}@example.org".lower()]
        check(len(signed) == 1 and signed[0]["detail"]["name"] == "Reader <script>x</script>",
              f"{lang}: the signup event, the name as typed")
    finally:
        d.quit()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--relay", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    os.makedirs(os.environ.get("HOME", tempfile.gettempdir()), exist_ok=True)  # the test's own HOME
    with tempfile.TemporaryDirectory() as tmp:
        relay = Relay(a.relay, os.path.join(tmp, "relay"))
        try:
            relay.api("PUT", "/api/v1/settings", {"sender_name": "Acme <Shop>", "categories": [
                {"id": 1, "name": "News", "signup": False}, {"id": 2, "name": "Offers", "signup": True}]})
            relay.api("PUT", "/api/v1/campaigns/7", {"name": "Launch", "sender_name": "Acme <Shop>",
                                                      "categories": [1, 2], "links": []})
            run(relay, a.out, "en", 501)
            run(relay, a.out, "zh-CN", 502)
        finally:
            relay.stop()
    print("all browser checks passed")


if __name__ == "__main__":
    sys.exit(main())
