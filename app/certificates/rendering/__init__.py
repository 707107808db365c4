"""Certificates people can hold: an HTML page and a PDF drawn from the certificate's template.

document.py gathers what is printed (one CertificateDocument per certificate); assets.py fetches the
template's background safely; pdf.py and html.py draw the same layout; cache.py keeps rendered PDFs.
"""
