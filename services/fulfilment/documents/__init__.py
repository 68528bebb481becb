"""Printable documents in Chinese: the material receipt (来料签收单) and the delivery note
(送货单), as PDF. Rendering is CPU work: routes run it in a thread."""
