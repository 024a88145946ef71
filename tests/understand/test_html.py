from __future__ import annotations

from mailtriage.understand.html import html_to_text


def test_tables_lists_and_links_survive_as_text() -> None:
    html = """
    <html><head><title>x</title><style>.a{color:red}</style><script>alert(1)</script></head><body>
    <h1>Quote request</h1>
    <table><tr><th>Product</th><th>Seats</th></tr><tr><td>Insights</td><td>40</td></tr></table>
    <ul><li>SSO</li><li>Audit log</li></ul>
    <p>See <a href="https://acme.example.com/rfp">our RFP</a> or <a href="https://acme.example.com">https://acme.example.com</a>.</p>
    <img src="https://t.example/pixel.gif" width="1" height="1">
    <div style="display:none">hidden preheader</div>
    </body></html>"""
    assert html_to_text(html) == (
        "Quote request\n\nProduct | Seats\nInsights | 40\n\n- SSO\n- Audit log\n\n"
        "See our RFP (https://acme.example.com/rfp) or https://acme.example.com."
    )


def test_line_breaks_and_preformatted_text() -> None:
    assert html_to_text("Line one<br>Line two<pre>  a  b\n  c</pre>") == "Line one\nLine two\n  a  b\n  c"


def test_pathologically_deep_html_does_not_overflow_the_stack() -> None:
    html = "<div>" * 20000 + "deep" + "</div>" * 20000
    assert html_to_text(html) == "deep"
