"""Uploaded CV files: text extraction, storage behind `panelist.storage`, signed downloads."""
