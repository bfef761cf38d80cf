"""Campaign text: Markdown rendered to HTML and sanitised, so a campaign can never carry script."""

import nh3
from markdown_it import MarkdownIt

# Inline HTML is allowed in the Markdown for the odd table or line break; nh3 then keeps only
# harmless tags and attributes (no script, no style, no event handlers, no javascript: URLs).
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_markdown.enable("table")


def render_markdown(text: str) -> str:
    """Safe HTML for the Markdown `text`."""
    return nh3.clean(_markdown.render(text), link_rel="noopener noreferrer")
