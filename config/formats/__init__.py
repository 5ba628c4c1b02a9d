"""Date and number formats for the site's languages (``FORMAT_MODULE_PATH``).

The site's languages are "en" and "cy". Django's own formats for "en" are American
("Dec. 2, 2026", 12/02/2026 read as 2 December's month first), so the English here is British
English, with dates written out as people in the UK write them: "2 December 2026".
"""
