from participation.text import render_markdown


def test_markdown_is_rendered():
    html = render_markdown("Ein **wichtiger** Punkt\n\n- eins\n- zwei")
    assert "<strong>wichtiger</strong>" in html and "<li>eins</li>" in html


def test_raw_html_and_scripts_are_not_passed_through():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_safe_link_protocols_survive():
    html = render_markdown("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.org) [d](mailto:x@y.de)")
    assert "javascript:" not in html.split("[a]")[0] and 'href="javascript' not in html
    assert 'href="data:' not in html
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in html
    assert 'href="mailto:x@y.de"' in html


def test_headings_start_below_the_page_title():
    assert render_markdown("# Titel").startswith("<h2>")
