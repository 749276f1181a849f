"""How big an import file may be, so that a hostile or broken file cannot take the PC's memory or
hours of its time (issue 15: a 1.7 MB zip bomb expanded to 495 MB of XML and ran 276 s in 3.7 GB;
a 200 MB CSV reached 8.6 GB; a 16,385-column file was accepted).

The limits are far above what a foundation imports (its largest files are a few thousand
bookings or organizations) and each refusal says which limit the file crossed and what to do.
"""

from __future__ import annotations

MAX_DATA_ROWS = 100_000            # data rows in one file (the header and blank rows not counted)
MAX_SCANNED_ROWS = 1_048_576       # rows read, blank ones included: Excel's own sheet limit
MAX_COLUMNS = 200                  # a kind has at most a few dozen columns
MAX_CSV_BYTES = 64 * 1024 * 1024   # a .csv file on disk
MAX_SHEET_BYTES = 256 * 1024 * 1024   # an .xlsx part (sheet XML, shared strings) once uncompressed
MAX_COMPRESSION_RATIO = 200        # uncompressed ÷ compressed size of an .xlsx part; bombs are 1,000+
MAX_PROBLEMS_LISTED = 100          # problems kept and shown; the rest are counted
READ_PROGRESS_EVERY = 2_000        # rows read between progress reports and cancel checks
