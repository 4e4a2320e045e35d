"""``permdocs serve``: a local web page to fill in and fix a case, see what is owed, and build.

The layers, each in its own module:

- ``forms``: the case model walked into form fields (text, dates, yes/no, choices, groups and
  "add another" lists), form values read back into the plain data a case file holds, and the
  loader's problems mapped onto the fields that show them;
- ``sections``: the task list: which fields each page holds, and each page's status and owners
  from ``check``'s findings;
- ``saving``: the ruamel.yaml round trip that writes only what changed, keeps comments and key
  order, checks the result loads back to exactly what was submitted, keeps the earlier version
  and refuses to overwrite a file changed on disk since its page was opened;
- ``cases``: the case folder (or folder of cases) being served, read faithfully on each request;
- ``security``: the launch token, the session cookie, the Host allow-list, CSRF and Origin
  checks, the Content Security Policy, and errors logged without personal data;
- ``pageform``: one page's form (the file's values or those submitted), laid over the case, with
  "add another" and "remove"; ``documents``: the confidentiality pre-flight and the files that
  may be downloaded;
- ``app``: the Starlette application (routes and pages); ``server``: binding 127.0.0.1 at a free
  port and running uvicorn.

Nothing here is imported by the rest of permdocs, and ``permdocs serve`` imports it lazily, so
other commands never pay for Starlette, uvicorn or ruamel.yaml.
"""
