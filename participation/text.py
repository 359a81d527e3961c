"""User-written Markdown to safe HTML. The only module that imports bleach."""

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Raw HTML in the source is shown as text, never passed through; a line break is kept, as people expect.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")
_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True)


def _set_link_rel(attrs, new=False):  # every link, written or linkified
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_link_rel], skip_tags={"pre", "code"})


def _fit_headings(html: str) -> str:
    """Headings from h2 to h4: the page's own title is the only h1."""
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    for level in (5, 6):
        html = html.replace(f"<h{level}>", "<h4>").replace(f"</h{level}>", "</h4>")
    return html


def render_markdown(source: str) -> Markup:
    """Markdown rendered to HTML that keeps only allowed tags, attributes and link protocols."""
    html = _fit_headings(_markdown.render(source or ""))
    return Markup(_linker.linkify(_cleaner.clean(html)))
