"""The import wizard's pages, one module each (the wizard itself, hubdesk.ui.interchange.dialog,
moves between them and runs the background work):

- choose_page: what to import (with the columns that kind takes, and "Save a template…") and the file
- mapping_page: how the file's columns are read, and its first rows
- check_page: the dry run's summary and every problem
- done_page: what the import did
"""
