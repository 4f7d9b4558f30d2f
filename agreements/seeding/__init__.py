"""The two seeders: the demo data (``demo.py``) and the large benchmark set.

- ``reference.py``: the sectors and the work units, which both load;
- ``texts.py``: the words of the generated data (names, partners, titles, subjects);
- ``planner.py``: what seed_large creates, as unsaved rows, from a seed and a day;
- ``writer.py``: inserts the planner's rows with bulk_create;
- ``pdf.py``: a small valid PDF, for the demo's documents and the tests.

The management commands only parse their options and call these.
"""
