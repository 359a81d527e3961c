"""Steps the coordination tests share: posting forms of the space with their token, files to upload."""

import io

from tests.conftest import Browser, csrf_token_from

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_V2 = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Lang (de) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def token(browser: Browser) -> str:
    """A CSRF token of the browser's session, from any form: the sign-out page's will do for every one."""
    return csrf_token_from(browser.get("/auth/logout").get_data(as_text=True))


def post(browser: Browser, path: str, data: dict | None = None):
    return browser.client.post(path, data={**(data or {}), "csrf_token": token(browser)})


def upload(browser: Browser, path: str, content: bytes, filename: str, **fields):
    return browser.client.post(path, data={"csrf_token": token(browser), "file": (io.BytesIO(content), filename),
                                           **fields}, content_type="multipart/form-data")
