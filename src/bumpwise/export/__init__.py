"""Exporters: the diary as JSON (Bumpwise's own format, re-importable), CSV, a FHIR R4 Bundle,
and the midwife summary as a PDF. They take records and return text or bytes; none touches storage."""
