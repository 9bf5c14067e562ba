"""The browser editor at /admin/ (Decap CMS): configuration generated from the content models.

`config.py` turns the pydantic models into Decap collections, `labels.py` holds the Chinese
names staff see, `install.py` copies the editor into build/site/admin/, `weight.py` measures it.
See docs/editor.md.
"""
