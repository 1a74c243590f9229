"""Background jobs: long work (big uploads, reports) runs outside the web request.

A job is a row in the application database; `sousei worker` (started beside the web server by
`sousei serve`) claims queued jobs one at a time, reports progress and a heartbeat, and records
the result or the error in both languages. Jobs whose worker died are retried, then failed with
a message. Capabilities register their handlers with `register`.
"""
