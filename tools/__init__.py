"""Developer and maintenance tools kept out of the runtime package `hrosite`.

They make committed artefacts (e.g. the sample forms in forms/files/) and may import
hrosite; hrosite imports them only lazily, from the commands that run them.
"""
