"""Make a complaint online: one question per page, answers kept server-side, no account needed.

The journey's questions and the rules that choose them (``journey``), the answers it keeps in
the session (``answers``), files waiting to be attached (``pending``), the limit on how often one
place may send a complaint (``throttle``), and the pages (``views``). The complaint itself is
recorded by ``putright.cases.services.complaint_create``, exactly as staff record one.
"""
