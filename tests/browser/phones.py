"""The carer's own phone for the browser tests and the benchmark: an upright phone on an emulated home line."""

from __future__ import annotations

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/156.0.0.0 Mobile Safari/537.36"}
# Chrome DevTools' network emulation: latency is added to every request, throughput in bytes per second.
HOME_4G = {"offline": False, "latency": 100, "downloadThroughput": 5_000_000 / 8, "uploadThroughput": 1_000_000 / 8}
POOR_LINE = {"offline": False, "latency": 300, "downloadThroughput": 1_500_000 / 8,
             "uploadThroughput": 500_000 / 8}
UNTHROTTLED = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
CODE_BOX = "Type the six-digit code your guider reads to you on the phone"


def on_a_phone(chromium, line: dict):
    """A new browser context as an upright phone, its every request on ``line``; (context, page)."""
    context = chromium.new_context(**PHONE)
    phone = context.new_page()
    phone.set_default_timeout(60_000)
    cdp = context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", line)
    return context, phone


def join(phone, link: str, code: str) -> None:
    """The carer opens their link and types the code the guider read them."""
    phone.goto(link)
    box = phone.get_by_role("textbox", name=CODE_BOX)
    box.fill(code)
    box.press("Enter")
