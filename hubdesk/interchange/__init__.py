"""Excel / CSV / iCalendar in and out (headless: no Qt).

    from hubdesk.interchange.importer import import_file          # one transaction, or nothing
    from hubdesk.interchange.exporter import export_rows, export_table
    from hubdesk.interchange.calendar_export import export_calendar, build_calendar

Kinds: import organizations, contacts, bookings, kpis, milestones; export those and cases
(`hubdesk.interchange.kinds`). One module per kind holds its COLUMNS (English key = the header the
export writes, Korean header, accepted spellings, cell parser), its `Importer` and `export_records`.
"""
