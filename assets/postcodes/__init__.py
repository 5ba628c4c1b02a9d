"""The UK postcode directory: postcodes to map points, loaded from the ONS Postcode Directory
(ONSPD) or OS Code-Point Open by ``manage.py load_postcodes``.

- ``grid``: OSGB36 National Grid eastings/northings to WGS84 latitude/longitude (no Django).
- ``readers``: stream rows out of the published CSV files (no Django).
- ``models``: the ``Postcode`` table (imported by ``assets.models``).
- ``loading``: the batched, idempotent load and re-placing offers afterwards.
- ``lookup``: a postcode, sector or district to a point, with the built-in table as fallback.
"""
