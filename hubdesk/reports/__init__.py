"""Printed documents (headless: no Qt). The figures are gathered in the domain
(`hubdesk.domain.report_figures`, `hubdesk.domain.usage`) as plain, JSON-serialisable data; rendering
turns it into an A4 PDF with the embedded Pretendard font (emoji and symbols it lacks from the embedded
Noto Emoji and Symbola, see fonts.py), written atomically.

Public API (each takes a `Database` or a `Session`, a language code and an output path, and calls
`progress(fraction, message)` along the way):

- `hubdesk.reports.quarterly.render_quarterly(db_or_session, quarter, lang, out_path, progress=None, *,
  issue=False, actor=None, today=None)` — the quarterly status report (an issued quarter prints from
  its stored figures; `issue=True` issues it first);
- `hubdesk.reports.profile.render_profile(db_or_session, org_ref, lang, out_path, progress=None, *, today=None)`;
- `hubdesk.reports.statement.render_statement(db_or_session, org_ref, quarter, lang, out_path, progress=None)`;
- `hubdesk.domain.report_figures.gather_quarter(session, quarter, *, today=None)` and
  `hubdesk.reports.quarterly.render_figures(figures, out_path, *, lang, issued_on=None)`;
- issuing and the lock: `hubdesk.domain.report_lock`.
"""
