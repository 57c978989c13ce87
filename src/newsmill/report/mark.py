"""How a file shows it is a newsmill report: the start of its title, within its first kilobyte.

``--report`` and ``newsmill report -o`` replace only such a file, or none.
"""

REPORT_MARK = "<title>newsmill report"
