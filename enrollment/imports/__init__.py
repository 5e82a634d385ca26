"""The Excel template of a (province, month): `template_build` writes it, `template_parse` reads it back.

Parsing validates every row and returns rows and errors; it saves nothing (the view hands the
rows to `services.figures.figures_record`).
"""
