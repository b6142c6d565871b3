"""The public pages in a real browser, as a worker uses them: on a 360 px phone, in Chinese
and in English, with and without JavaScript, found by their visible labels; axe-core finds no
serious or critical accessibility problem on any page."""

import json
import time

import pytest

from complaints.models import Attachment, Complaint
from complaints.services import complaint_transition
from tests.factories import resident_id, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

LABELS = {
    "zh": {
        "locale": "zh-CN",
        "kind": "本人被拖欠工资（投诉）",
        "name": "您的姓名",
        "phone": "手机号码",
        "id": "身份证号码",
        "employer": "欠薪的单位或个人",
        "province": "用工所在省份",
        "place": "用工所在市、县（区）",
        "show_places": "显示该省的市、县（区）",
        "sector": "所在行业",
        "sector_option": "房屋建筑工程",
        "project": "工程项目名称",
        "from": "欠薪起始月份",
        "to": "欠薪截止月份",
        "amount": "被拖欠金额（元）",
        "description": "情况说明",
        "evidence": "证据文件",
        "consent": "我同意劳动保障监察机构",
        "submit": "提交投诉",
        "received": "您的投诉已收到",
        "errors": "请修改以下内容",
        "reference": "查询编号",
        "code": "查询码",
        "find": "查询",
        "status_received": "已收到",
        "asked": "监察机构需要您补充材料",
        "answer": "您对监察机构的答复",
        "files": "文件",
        "send": "提交给监察机构",
        "thanks": "谢谢，监察机构已收到您的答复。",
    },
    "en": {
        "locale": "en-US",
        "kind": "My own unpaid wages (投诉)",
        "name": "Your name",
        "phone": "Mobile number",
        "id": "ID card number",
        "employer": "Who owes the wages",
        "province": "Province where the work was done",
        "place": "City and county where the work was done",
        "show_places": "Show the cities and counties of this province",
        "sector": "Kind of work",
        "sector_option": "Construction: buildings",
        "project": "Construction project name",
        "from": "First unpaid month",
        "to": "Last unpaid month",
        "amount": "Amount owed (yuan)",
        "description": "What happened",
        "evidence": "Evidence files",
        "consent": "I agree that the labour inspection",
        "submit": "Send the complaint",
        "received": "Your complaint is received",
        "errors": "Please correct the following",
        "reference": "Reference",
        "code": "Access code",
        "find": "Show my complaint",
        "status_received": "received",
        "asked": "The office needs more from you",
        "answer": "Your answer to the office",
        "files": "Files",
        "send": "Send to the office",
        "thanks": "Thank you: the office has your answer.",
    },
}


class Visit:
    """Screenshots at 360 and 1280 px and an axe-core run for each page a flow reaches."""

    def __init__(self, page, folder, prefix: str, axe: bool) -> None:
        self.page, self.folder, self.prefix, self.axe = page, folder, prefix, axe
        self.problems: dict[str, list] = {}

    def __call__(self, name: str) -> None:
        page = self.page
        page.screenshot(path=self.folder / f"{self.prefix}-{name}-360.png", full_page=True)
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=self.folder / f"{self.prefix}-{name}-1280.png", full_page=True)
        page.set_viewport_size(PHONE)
        if self.axe:
            from axe_playwright_python.sync_playwright import Axe

            found = Axe().run(page).response["violations"]
            serious = [
                {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
                for v in found
                if v["impact"] in ("serious", "critical")
            ]
            self.problems[name] = serious
            record = self.folder / "axe.json"
            results = json.loads(record.read_text()) if record.exists() else {}
            results[f"{self.prefix}-{name}"] = [
                {"id": v["id"], "impact": v["impact"]} for v in found
            ]
            record.write_text(json.dumps(results, indent=1, sort_keys=True))


def loads_of(page) -> list[float]:
    """Record when each page finishes loading (the form's token was issued before that)."""
    loads = [time.monotonic()]
    page.on("load", lambda _page: loads.append(time.monotonic()))
    return loads


def wait_like_a_person(page, loads: list[float]) -> None:
    """Let the form be open as long as a person needs (the robot check's minimum), counted
    from when the page finished loading, so a slow server never makes it look too fast."""
    from django.conf import settings

    open_for = time.monotonic() - loads[-1]
    page.wait_for_timeout(max(0, (settings.PUBLIC_FORM_MIN_SECONDS + 0.3 - open_for) * 1000))


@pytest.mark.parametrize(
    ("language", "javascript"),
    [("zh", True), ("zh", False), ("en", True), ("en", False)],
    ids=["chinese", "chinese-without-javascript", "english", "english-without-javascript"],
)
def test_browser_worker_files_tracks_and_answers_a_request(
    browser, site, screenshots, language, javascript
):
    words = LABELS[language]
    context = browser.new_context(
        viewport=PHONE, locale=words["locale"], java_script_enabled=javascript
    )
    page = context.new_page()
    loads = loads_of(page)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    prefix = f"{language}-{'js' if javascript else 'nojs'}"
    visit = Visit(page, screenshots, prefix, axe=javascript)
    label = page.get_by_label

    # The front page leads to the form.
    page.goto(site + "/")
    visit("home")
    page.goto(site + "/offices/")
    visit("offices")

    # Sent empty, the form comes back with its errors listed on top.
    page.goto(site + "/complain/")
    visit("complain")
    label(words["consent"]).check()
    wait_like_a_person(page, loads)
    page.get_by_role("button", name=words["submit"]).click()
    assert page.get_by_role("alert").get_by_text(words["errors"]).is_visible()
    visit("complain-errors")

    # Filled in as a worker would, with a pay slip.
    label(words["kind"]).check()
    label(words["name"]).fill("王建国")
    label(words["phone"]).fill("13912345678")
    label(words["id"]).fill(resident_id())
    label(words["employer"]).fill("眉山市某某建筑劳务有限公司")
    label(words["province"]).select_option(label="四川省")
    if not javascript:
        page.get_by_role("button", name=words["show_places"]).click()
        assert label(words["name"]).input_value() == "王建国"  # kept across the step
    label(words["place"]).select_option(label="彭山区")
    label(words["sector"]).select_option(label=words["sector_option"])
    label(words["project"]).fill("东坡区某小区二期")
    label(words["from"]).fill("2026-07")
    label(words["to"]).fill("2026-10")
    label(words["amount"]).fill("18500")
    label(words["description"]).fill("工程完工后拖欠三个月工资。")
    pay_slip = {"name": "pay-slip.pdf", "mimeType": "application/pdf", "buffer": PDF}
    label(words["evidence"]).set_input_files([pay_slip])
    if not label(words["consent"]).is_checked():
        label(words["consent"]).check()
    wait_like_a_person(page, loads)
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_url("**/complain/done/")
    assert page.get_by_role("heading", name=words["received"]).is_visible()
    reference = page.locator("#reference").inner_text()
    code = page.locator("#access-code").inner_text()
    visit("done")

    # A reload shows the same receipt and files nothing more.
    page.reload()
    assert page.locator("#reference").inner_text() == reference
    complaint = Complaint.objects.get()
    assert complaint.reference == reference
    assert Attachment.objects.filter(complaint=complaint).count() == 1

    # Tracking: typed in lower case without dashes.
    page.goto(site + "/track/")
    visit("track")
    label(words["reference"], exact=True).fill(reference.replace("-", "").lower())
    label(words["code"], exact=True).fill(code)
    page.get_by_role("button", name=words["find"], exact=True).click()
    assert page.locator("#status").inner_text() == words["status_received"]

    # The office asks for more; the worker answers on the tracking page with a file.
    inspector = staff("i1", "inspector")
    complaint_transition(
        complaint=complaint,
        action="request_info",
        actor=inspector,
        version=complaint.version,
        note="请补充十月份的工资条。",
    )
    page.reload()
    assert page.get_by_role("heading", name=words["asked"]).is_visible()
    assert page.locator("blockquote").get_by_text("请补充十月份的工资条。").is_visible()
    visit("track-asked")
    label(words["answer"]).fill("十月份工资条已上传。")
    label(words["files"]).set_input_files([pay_slip])
    page.get_by_role("button", name=words["send"]).click()
    assert page.get_by_text(words["thanks"]).is_visible()
    visit("track-answered")
    complaint.refresh_from_db()
    assert complaint.stage == "submitted"
    assert Attachment.objects.filter(complaint=complaint).count() == 2
    context.close()

    assert blocked == [], "the page tried something its Content-Security-Policy forbids"
    assert visit.problems == {name: [] for name in visit.problems}, visit.problems


def test_browser_keyboard_reaches_the_form_with_a_visible_focus(browser, site):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(site + "/complain/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    # From the content, Tab reaches the first question; its focus ring is drawn.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.name, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert focused[0] == "kind"
    assert focused[1] != "none" and focused[2] >= 2
    context.close()


def test_browser_dashboard_drills_down_and_reads_without_problems(browser, site, screenshots):
    from tests.factories import submit

    # Sichuan 8, Inner Mongolia 6, Beijing 2: Beijing is hidden, and the smallest other
    # province with it, so that the total gives neither back.
    for region, count in (("511403", 8), ("150902", 6), ("110101", 2)):
        for _ in range(count):
            submit(work_region=region)
    for javascript in (True, False):
        context = browser.new_context(
            viewport=PHONE, locale="zh-CN", java_script_enabled=javascript
        )
        page = context.new_page()
        visit = Visit(page, screenshots, f"zh-{'js' if javascript else 'nojs'}", axe=javascript)
        page.goto(site + "/dashboard/")
        visit("dashboard")
        table = page.get_by_role("table").filter(has_text="四川省")

        def received(province: str, table=table) -> str:
            return table.get_by_role("row", name=province).get_by_role("cell").first.inner_text()

        assert (received("四川省"), received("内蒙古自治区"), received("北京市")) == (
            "8",
            "<5",
            "<5",
        )
        table.get_by_role("link", name="四川省").click()
        page.get_by_role("link", name="眉山市").click()
        assert page.get_by_role("navigation", name="地区").get_by_text("眉山市").is_visible()
        visit("dashboard-city")
        assert visit.problems == {name: [] for name in visit.problems}, visit.problems
        context.close()
